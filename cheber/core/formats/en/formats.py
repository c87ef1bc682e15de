# The short formats of `cheber.core.dates` (templates' `|day`, `|day_time`).
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
