"""Flyer and material stock: an append-only movement ledger."""
