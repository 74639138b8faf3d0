"""eventatlas: who did what to whom, where, when, and how sure we are — from news pages."""

__version__ = "0.1.0"
