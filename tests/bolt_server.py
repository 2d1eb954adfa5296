"""Fixtures for the Bolt backend (filled in by the Bolt backend work)."""
