"""Spanish: "jueves, 3 de diciembre de 2026, 18:30", a 24-hour clock."""

from cpa_site.formats import literal

_DE = literal(" de ")

DATE_FORMAT = f"j{_DE}F{_DE}Y"
ABBREVIATED_DATE_FORMAT = "j N Y"
WEEKDAY_DATE_FORMAT = f"l, j{_DE}F{_DE}Y"
MONTH_DAY_FORMAT = f"j{_DE}F"
WEEKDAY_MONTH_DAY_FORMAT = f"l j{_DE}F"
TIME_FORMAT = "H:i"
TIME_TZ_FORMAT = "H:i T"
DATETIME_FORMAT = f"j{_DE}F{_DE}Y, H:i"
WEEKDAY_DATETIME_FORMAT = f"l, j{_DE}F{_DE}Y, H:i"
WEEKDAY_DATETIME_TZ_FORMAT = f"l, j{_DE}F{_DE}Y, H:i T"
WEEKDAY_MONTH_DAY_TIME_FORMAT = f"l j{_DE}F, H:i"
SHORT_DATETIME_FORMAT = "j N Y, H:i"
SHORT_DATETIME_TZ_FORMAT = "j N Y, H:i T"
SHORT_WEEKDAY_DATETIME_FORMAT = "D j N Y, H:i"
SHORT_MONTH_DAY_TIME_FORMAT = "j N, H:i"
