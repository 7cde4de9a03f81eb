"""Outward formats: how published claims leave the tracker.

One home for every shape a reader or another machine receives, used alike by the reader
pages (``web``), the API (``api``), the feeds and ``claimtracker export`` (``services``):

- ``links``: claim slugs and the two kinds of quote link (pure); ``site``: canonical URLs and
  the app's organisation (the Flask half);
- ``organisation``: the publisher named in feeds and ClaimReview (a value);
- ``records``: the one step from loaded models to plain data (``ClaimRecord``);
  ``history``: the verdicts readers may see of a claim;
- ``claimreview``: schema.org ClaimReview, pure over records;
- ``datafeed``: the one streaming DataFeed writer (``/claimreview.json`` and export);
- ``atom``, ``sitemap``: XML feeds, pure over plain data (``xml`` holds their helpers);
- ``claim_json``: the API's JSON shapes; ``csv_table``: the CSV export.

Layering: publishing imports models and pure helpers, never ``services``, ``api`` or
``web`` (those import it). Only ``site`` touches Flask (url_for, config).
"""
