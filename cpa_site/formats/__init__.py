"""Dates and times as each language writes them: Django's format modules (FORMAT_MODULE_PATH),
with a few named formats of our own beside Django's, used in templates as
`{{ value|date:"WEEKDAY_DATETIME_FORMAT" }}` and in code with `date_format(value, name)`.

Every language module defines every name (tests/cpa_site/test_formats.py checks it): a name a
module lacks would be printed as the letters of the name.
"""

NAMES = (
    "DATE_FORMAT",
    "ABBREVIATED_DATE_FORMAT",
    "WEEKDAY_DATE_FORMAT",
    "MONTH_DAY_FORMAT",
    "WEEKDAY_MONTH_DAY_FORMAT",
    "TIME_FORMAT",
    "TIME_TZ_FORMAT",
    "DATETIME_FORMAT",
    "WEEKDAY_DATETIME_FORMAT",
    "WEEKDAY_DATETIME_TZ_FORMAT",
    "WEEKDAY_MONTH_DAY_TIME_FORMAT",
    "SHORT_DATETIME_FORMAT",
    "SHORT_DATETIME_TZ_FORMAT",
    "SHORT_WEEKDAY_DATETIME_FORMAT",
    "SHORT_MONTH_DAY_TIME_FORMAT",
)


def literal(text: str) -> str:
    """Words inside a format string, escaped so none of their letters is read as a format."""
    return "".join(f"\\{char}" if char.isalpha() else char for char in text)
