"""Colour arithmetic for brand colours: text on a brand colour must stay readable."""


def _channel(value):
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour):
    r, g, b = (int(hex_colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a, b):
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Pure black, not a softer near-black: only black guarantees 4.5:1 on every colour (worst case 4.58:1).
DARK_TEXT, LIGHT_TEXT = "#000000", "#ffffff"


def readable_text_on(hex_colour):
    """White or near-black, whichever contrasts more with the colour (WCAG 2.x)."""
    if contrast_ratio(hex_colour, LIGHT_TEXT) >= contrast_ratio(hex_colour, DARK_TEXT):
        return LIGHT_TEXT
    return DARK_TEXT
