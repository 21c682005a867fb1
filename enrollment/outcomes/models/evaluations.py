"""Outcomes: evaluations."""
