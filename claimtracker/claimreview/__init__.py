"""schema.org ClaimReview exchange (pure: no Flask, no database).

* :mod:`.documents` finds review objects in JSON-LD documents and HTML pages;
* :mod:`.parse` reads one ClaimReview tolerantly into plain dataclasses;
* :mod:`.mapping` maps a foreign rating onto the local scale;
* :mod:`.build` writes a claim as ClaimReview: the claim page's JSON-LD, the
  ``/claimreview.json`` DataFeed and the export all use it.

Quotes travel in appearance URLs as text fragments (``#:~:text=``), built and read by
:mod:`claimtracker.textfragment`.
"""
