"""Load the bundled CJK font into Qt so that Chinese shows on a machine with no CJK fonts."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QFontDatabase

from outreach.locations import BUNDLED_BOLD, BUNDLED_REGULAR

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


class BundledFontLoading:
    """The bundled fonts being added to Qt's font database on a worker thread.

    Parsing a CJK font (tens of thousands of glyphs) is the costliest single step of start-up;
    QFontDatabase is thread-safe and PySide releases Python's lock while Qt works, so the
    window's modules can be imported meanwhile. ``finish`` waits and sets the application font.
    """

    def __init__(self) -> None:
        self.families: list[str] = []
        self._thread = threading.Thread(target=self._load, name="bundled-fonts", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        for path in (BUNDLED_REGULAR, BUNDLED_BOLD):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                self.families += QFontDatabase.applicationFontFamilies(font_id)

    def finish(self, app: QApplication) -> list[str]:
        self._thread.join()
        use_bundled_fonts(app, self.families)
        return self.families


def install_bundled_fonts(app: QApplication) -> list[str]:
    return BundledFontLoading().finish(app)


def use_bundled_fonts(app: QApplication, families: list[str]) -> None:
    if families:
        font = QFont(app.font())
        # Latin text keeps the platform's UI font; CJK falls back to the bundled family.
        font.setFamilies([app.font().family(), families[0]])
        app.setFont(font)
