"""JSON API (/api/v1) and the Google-compatible claims:search."""
