"""Checks for developers, run by ``make test``: they read the source, never import it."""
