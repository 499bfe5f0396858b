"""JSON of the scheduling package, on rocb.api.api (/api/v1)."""
