"""JSON of the surveys package, on rocb.api.api (/api/v1)."""
