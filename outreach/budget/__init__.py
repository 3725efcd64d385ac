"""Programme budget: categories and an append-only expense ledger in fen."""
