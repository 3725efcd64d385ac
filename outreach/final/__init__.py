"""The live final: rounds, score log, standings."""
