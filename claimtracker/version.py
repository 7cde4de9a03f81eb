"""The release number, in a module of its own so that anything can read it without
importing the app factory (``claimtracker/__init__.py`` imports every layer)."""

__version__ = "0.1.0"
