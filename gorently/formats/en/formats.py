# English dates as the rest of the product writes them (7 December 2026), not Django's US default (Dec. 7, 2026).
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
MONTH_DAY_FORMAT = "j F"
