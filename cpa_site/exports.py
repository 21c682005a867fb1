"""Spreadsheet safety shared by every export of the site (courses and enrollment alike), and
dates written as text for the JSON of a subject access request."""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """A spreadsheet must show what someone typed, never run it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def iso(value):
    """A date or time as ISO 8601 text (json.dumps knows neither); anything else as it is."""
    return value.isoformat() if hasattr(value, "isoformat") else value


class FormulaSafeExportMixin:
    """For Wagtail's spreadsheet exports (CSV and XLSX): every cell goes through escape_formula."""

    def preprocess_field_value(self, field, value, export_format):
        return escape_formula(super().preprocess_field_value(field, value, export_format))
