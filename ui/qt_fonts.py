"""Load the bundled CJK font into Qt so that Chinese shows on a machine with no CJK fonts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase

from outreach.printing.fonts import bundled_font_paths

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def install_bundled_fonts(app: QApplication) -> list[str]:
    families: list[str] = []
    for path in bundled_font_paths():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    if families:
        font = QFont(app.font())
        # Latin text keeps the platform's UI font; CJK falls back to the bundled family.
        font.setFamilies([app.font().family(), families[0]])
        app.setFont(font)
    return families
