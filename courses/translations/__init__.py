"""Pages in English, Spanish and Vietnamese: which copy a reader gets, when a translation is out
of date, how a translation goes to review, and the demo's translations.

A translation is a page of its own (wagtail-localize copies the English page into the other
locale's tree and keeps them linked by Wagtail's translation key).
"""
