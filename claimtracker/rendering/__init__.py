"""Turning data into safe markup, without Flask or a database (pure).

``markdown`` renders and sanitises reviewers' Markdown; ``segments`` cuts an article's
text into plain and highlighted pieces for the template to escape; ``svg`` draws the
verdict badge and rating charts with every text escaped. Pages, feeds and the API use
them alike, so what is safe to show is decided in one place.
"""
