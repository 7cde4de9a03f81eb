"""Pure ingest core: safe fetch, extraction, quote finding and quote anchoring.

Nothing here touches Flask or the database, so it can be used as a library.
"""
