# "7 dicembre 2026", not Django's zero-padded "07 dicembre 2026".
DATE_FORMAT = "j F Y"
