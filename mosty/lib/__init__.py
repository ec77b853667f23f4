"""Plain helpers that need no Django models."""
