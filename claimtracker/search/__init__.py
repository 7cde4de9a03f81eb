"""The search language, pure: what a reader's query string means.

``query`` reads the /claims parameters leniently into a :class:`~.query.SearchQuery` and
turns its words into an engine-safe match. It sits here, in the core, rather than in
``services`` because it touches neither Flask nor the database: the services that run the
query (``services.search``) and keep the index (``services.search_index``) depend on it,
never the other way round, and it can be tested and type-checked strictly on its own.
"""
