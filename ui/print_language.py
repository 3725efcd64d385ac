"""The print language: one choice, kept in the user's settings, that every printout made from
the window uses. Each page that prints shows a ``PrintLanguageBox`` beside its print buttons;
changing one changes them all (``AppContext.print_language_changed``)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from outreach.i18n import LANGUAGE_NAMES, LANGUAGES
from ui.context import AppContext
from ui.texts import TextBinder


class PrintLanguageBox(QWidget):
    """``Printout language: [简体中文 ▾]``, in sync with the context's print language."""

    def __init__(
        self, context: AppContext, parent: QWidget | None = None, *, labelled: bool = True
    ) -> None:
        """``labelled=False``: the combo alone, for a form that labels its rows itself."""
        super().__init__(parent)
        self.context = context
        self.texts = TextBinder()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel()
        self.texts.bind(label.setText, "printing.ui.language")
        self.combo = QComboBox()
        for language in LANGUAGES:
            self.combo.addItem(LANGUAGE_NAMES[language], language)
        self.texts.bind(self.combo.setToolTip, "printing.ui.language_tip")
        label.setBuddy(self.combo)
        if labelled:
            layout.addWidget(label)
        else:
            label.hide()
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self._show(context.print_language)
        self.combo.currentIndexChanged.connect(
            lambda index: context.set_print_language(self.combo.itemData(index))
        )
        context.print_language_changed.connect(self._show)
        context.language_changed.connect(lambda _language: self.texts.retranslate())

    def language(self) -> str:
        return self.combo.currentData()

    def _show(self, language: str) -> None:
        index = self.combo.findData(language)
        if index >= 0 and index != self.combo.currentIndex():
            self.combo.blockSignals(True)
            self.combo.setCurrentIndex(index)
            self.combo.blockSignals(False)
