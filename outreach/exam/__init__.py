"""Question bank and the written preliminary exam."""
