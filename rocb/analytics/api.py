"""JSON of the analytics package, on rocb.api.api (/api/v1)."""
