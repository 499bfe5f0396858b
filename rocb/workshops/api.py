"""JSON of the workshops package, on rocb.api.api (/api/v1)."""
