"""Scorers and corpus readers used by `eventatlas eval` and the CI gate."""
