"""Helpers for the portal's tests and the e2e suite (not shipped in either origin)."""
