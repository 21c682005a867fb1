"""Vietnamese: "Thứ 5, ngày 3 tháng 12 năm 2026, 18:30", a 24-hour clock."""

from cpa_site.formats import literal

_DAY_MONTH = literal("ngày ") + "j" + literal(" tháng ") + "n"
_YEAR = literal(" năm ") + "Y"

DATE_FORMAT = _DAY_MONTH + _YEAR
ABBREVIATED_DATE_FORMAT = "j/n/Y"
WEEKDAY_DATE_FORMAT = "l, " + _DAY_MONTH + _YEAR
MONTH_DAY_FORMAT = _DAY_MONTH
WEEKDAY_MONTH_DAY_FORMAT = "l, " + _DAY_MONTH
TIME_FORMAT = "H:i"
TIME_TZ_FORMAT = "H:i T"
DATETIME_FORMAT = _DAY_MONTH + _YEAR + ", H:i"
WEEKDAY_DATETIME_FORMAT = "l, " + _DAY_MONTH + _YEAR + ", H:i"
WEEKDAY_DATETIME_TZ_FORMAT = "l, " + _DAY_MONTH + _YEAR + ", H:i T"
WEEKDAY_MONTH_DAY_TIME_FORMAT = "l, " + _DAY_MONTH + ", H:i"
SHORT_DATETIME_FORMAT = "j/n/Y, H:i"
SHORT_DATETIME_TZ_FORMAT = "j/n/Y, H:i T"
SHORT_WEEKDAY_DATETIME_FORMAT = "D, j/n/Y, H:i"
SHORT_MONTH_DAY_TIME_FORMAT = "j/n, H:i"
