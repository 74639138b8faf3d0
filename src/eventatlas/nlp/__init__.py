"""The only package that imports spaCy: loads models and converts Docs to model types."""
