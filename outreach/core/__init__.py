"""Programme-wide facts: name, year, created-by version, settings kept in the file."""
