"""schema.org ClaimReview exchange (pure: no Flask, no database).

* :mod:`.documents` finds review objects in JSON-LD documents and HTML pages;
* :mod:`.parse` reads one ClaimReview tolerantly into plain dataclasses;
* :mod:`.mapping` maps a foreign rating onto the local scale;
* :mod:`.build` writes a claim as ClaimReview for export;
* :mod:`.fragments` builds and reads URL text fragments (``#:~:text=``).
"""
