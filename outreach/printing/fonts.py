"""Fonts for printing. ReportLab embeds only TrueType-outline fonts, so the program ships an
OFL Noto Sans SC TTF (assets/fonts) and registers it on first use; ``STSong-Light`` would embed
nothing and CFF-outline fonts fail (NOTES.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from outreach.locations import BUNDLED_BOLD, BUNDLED_REGULAR

__all__ = ["BUNDLED_BOLD", "BUNDLED_REGULAR"]
BUNDLED_FAMILY = "NotoSansSC"
BUNDLED_BOLD_NAME = "NotoSansSC-Bold"


@dataclass(frozen=True)
class PdfFonts:
    regular: str
    bold: str


@cache
def register_bundled_fonts() -> PdfFonts:
    """Register the bundled CJK font with ReportLab (once; loading takes ~0.3 s)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont(BUNDLED_FAMILY, str(BUNDLED_REGULAR)))
    pdfmetrics.registerFont(TTFont(BUNDLED_BOLD_NAME, str(BUNDLED_BOLD)))
    addMapping(BUNDLED_FAMILY, 0, 0, BUNDLED_FAMILY)
    addMapping(BUNDLED_FAMILY, 1, 0, BUNDLED_BOLD_NAME)
    addMapping(BUNDLED_FAMILY, 0, 1, BUNDLED_FAMILY)
    addMapping(BUNDLED_FAMILY, 1, 1, BUNDLED_BOLD_NAME)
    # Charts (reportlab.graphics) start each drawing in this font; left at Helvetica, every
    # PDF with a chart would name a font it does not embed.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = BUNDLED_FAMILY
    return PdfFonts(BUNDLED_FAMILY, BUNDLED_BOLD_NAME)


def font_covers(font_name: str, text: str) -> list[str]:
    """Characters of ``text`` that the registered TrueType font has no glyph for."""
    from reportlab.pdfbase import pdfmetrics

    face = pdfmetrics.getFont(font_name).face
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in face.charToGlyph})
