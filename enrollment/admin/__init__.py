"""Coordinators' side of enrollment in the Wagtail admin: one module per screen group.

Empty on purpose: django.contrib.admin's autodiscovery imports `enrollment.admin` at start-up;
the screens are loaded by `enrollment/wagtail_hooks.py` once Wagtail asks for them.
"""
