"""Commands (to be written)."""
