"""Advance widths of the print fonts: how wide a text is at 1 em, without a layout (fontTools)."""

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
