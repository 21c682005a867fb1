"""Outcomes: alumni."""
