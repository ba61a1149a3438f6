"""The portal's colour (Site Setup → Einwohnerportal): read, checked for contrast, and turned
into the shades the theme uses.

The colour is the background of the main navigation (white text on it) and the colour of links
on white and on the light grey band of the breadcrumbs; a darker shade of it is the background
of the search button and the colour of links under the pointer. WCAG 2.1 AA asks for 4.5:1
between text and its background, so a colour is taken only if it reaches that against white
and against the light grey. A leaf: it imports nothing of this package but its message factory.
"""

import re

from zope.interface import Invalid

from digitalgemeinde import _

DEFAULT = "#00557f"  # the theme's blue: 8.1:1 on white (browser/theme/static/portal.css)
LIGHT_BACKGROUNDS = ("#ffffff", "#f3f3f3")  # the page and the breadcrumbs' band
MIN_CONTRAST = 4.5
DARKER = 0.7  # the darker shade: each channel at 70 %
HEX = re.compile(r"#?([0-9a-fA-F]{6})")


def parse(value) -> tuple[int, int, int] | None:
    """``(r, g, b)`` of ``#rrggbb`` (the ``#`` may be left out), else None."""
    match = HEX.fullmatch((value or "").strip()) if isinstance(value, str) else None
    if match is None:
        return None
    digits = match.group(1)
    return tuple(int(digits[i : i + 2], 16) for i in (0, 2, 4))


def hex_of(rgb) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def luminance(rgb) -> float:
    """WCAG 2.1's relative luminance."""

    def channel(value: int) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second) -> float:
    """WCAG 2.1's contrast ratio of two colours, from 1 to 21."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def lowest_contrast(rgb) -> float:
    """The contrast of the colour with the lightest background it is used on (text on it is
    white, which contrasts at least as much)."""
    return min(contrast(rgb, parse(background)) for background in LIGHT_BACKGROUNDS)


def check_brand_colour(value) -> bool:
    """A field constraint: a ``#rrggbb`` colour that text can be read on and in (4.5:1)."""
    rgb = parse(value)
    if rgb is None:
        raise Invalid(_("A colour as #rrggbb, e.g. #00557f."))
    ratio = lowest_contrast(rgb)
    if ratio < MIN_CONTRAST:
        raise Invalid(
            _(
                "brand_colour_contrast",
                default="This colour reaches only ${ratio}:1 against white or light grey; "
                "text needs at least 4.5:1. Choose a darker colour.",
                mapping={"ratio": f"{ratio:.1f}"},
            )
        )
    return True


def brand_css(value) -> str:
    """The theme's colour variables for ``value``: empty for the theme's own colour and for a
    value that is not a readable colour (the theme's colour stays)."""
    rgb = parse(value)
    if rgb is None or hex_of(rgb) == DEFAULT or lowest_contrast(rgb) < MIN_CONTRAST:
        return ""
    dark = tuple(round(channel * DARKER) for channel in rgb)
    return (
        "html:root{"
        f"--dg-blue:{hex_of(rgb)};--dg-blue-dark:{hex_of(dark)};"
        f"--bs-primary-rgb:{','.join(map(str, rgb))};"
        f"--bs-link-color-rgb:{','.join(map(str, rgb))};"
        f"--bs-link-hover-color-rgb:{','.join(map(str, dark))}"
        "}"
    )
