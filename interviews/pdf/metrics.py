"""The print fonts read with fontTools: how wide a text is at 1 em (no layout), and which characters they lack."""

import html
from functools import lru_cache
from pathlib import Path

from django.conf import settings

FONT_DIR = Path(settings.BASE_DIR) / "static" / "print" / "fonts"

FONT_FILES = {
    "serif": "source-serif-4-latin-400-normal.ttf",
    "serif-italic": "source-serif-4-latin-400-italic.ttf",
    "serif-bold": "source-serif-4-latin-700-normal.ttf",
    "sans-bold": "source-sans-3-latin-700-normal.ttf",
    "sans": "source-sans-3-latin-400-normal.ttf",
}


@lru_cache(maxsize=8)
def advances(font):
    """Advance width of every character of ``font`` in em, and the average for unknown ones."""
    from fontTools.ttLib import TTFont

    with TTFont(FONT_DIR / FONT_FILES[font], lazy=True) as ttf:
        units = ttf["head"].unitsPerEm
        metrics = ttf["hmtx"].metrics
        widths = {code: metrics[name][0] / units for code, name in ttf.getBestCmap().items()}
    return widths, sum(widths.values()) / len(widths)


def text_em(text, font):
    """The width of ``text`` set in ``font`` at 1 em (no kerning)."""
    widths, average = advances(font)
    return sum(widths.get(ord(char), average) for char in text)


@lru_cache(maxsize=1)
def _characters():
    """The characters every print face holds."""
    from fontTools.ttLib import TTFont

    held = None
    for name in FONT_FILES.values():
        with TTFont(FONT_DIR / name, lazy=True) as ttf:
            codes = set(ttf.getBestCmap())
        held = codes if held is None else held & codes
    return frozenset(held)


# What print sets otherwise (``document.parse``): a soft hyphen goes (next to one WeasyPrint 70 hyphenates no line;
# the dictionary breaks every word), a non-breaking hyphen (the serif faces lack it; pasted web text has it)
# becomes a hyphen and a word joiner, which keeps the line from breaking after it.
# A hyphen the line may not break after (a word joiner follows it; also inside web addresses, ``document``).
NO_BREAK_HYPHEN = "-\u2060"
PRINT_SUBSTITUTES = {"\u00ad": "", "\u2011": NO_BREAK_HYPHEN}


def missing_characters(text):
    """The characters of ``text`` (plain or HTML) the print fonts lack, each once, in order of appearance.

    WeasyPrint sets them in another font of the machine (DejaVu, OpenSymbol: not the house style) or, where
    none holds them (an emoji), prints an empty box.
    """
    from django.utils.html import strip_tags

    held = _characters()
    found = {}
    for char in html.unescape(strip_tags(text or "")):
        if (
            not char.isspace()
            and ord(char) >= 0x20
            and ord(char) not in held
            and char not in PRINT_SUBSTITUTES
            and char not in "\u200b\u200d"
        ):
            found[char] = None
    return "".join(found)
