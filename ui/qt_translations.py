"""Qt's own texts (the OK/Cancel/Yes/No of standard dialogs, the file dialog) in the UI
language, from the catalogs that ship with Qt; our own texts come from ``outreach.i18n``."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QTranslator
    from PySide6.QtWidgets import QApplication


class QtStandardTexts:
    def __init__(self, app: QApplication) -> None:
        self._app = app
        self._translator: QTranslator | None = None

    def apply(self, language: str) -> bool:
        """Switch Qt's texts to ``language``; English needs no catalog. True if one loaded."""
        if self._translator is not None:
            self._app.removeTranslator(self._translator)
            self._translator = None
        if language == "en":
            return False
        from PySide6.QtCore import QLibraryInfo, QTranslator  # English needs neither

        translator = QTranslator(self._app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if not translator.load(f"qtbase_{language}", folder):
            return False
        self._app.installTranslator(translator)
        self._translator = translator
        return True
