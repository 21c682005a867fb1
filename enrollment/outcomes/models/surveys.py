"""Outcomes: surveys."""
