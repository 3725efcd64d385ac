"""Settings: interface language (applied at once), where data and logs live, fonts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from outreach import i18n
from outreach.i18n import LANGUAGE_NAMES, LANGUAGES
from outreach.locations import log_dir, user_data_dir
from outreach.printing.fonts import BUNDLED_REGULAR
from ui.context import AppContext
from ui.pages.base import Page, heading_label
from ui.print_language import PrintLanguageBox


class SettingsPage(Page):
    page_id = "settings"
    title_key = "nav.settings"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        heading = heading_label()
        layout.addWidget(heading)
        form = QFormLayout()
        # Fields at their natural width: the interface-language box stretched across the page
        # while the printout-language box beside it stayed compact.
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.language_box = QComboBox()
        for language in LANGUAGES:
            self.language_box.addItem(LANGUAGE_NAMES[language], language)
        self.language_box.setCurrentIndex(LANGUAGES.index(i18n.current_language()))
        self.language_box.currentIndexChanged.connect(self._language_chosen)
        language_label = QLabel()
        form.addRow(language_label, self.language_box)
        # The same choice as beside every print button (one setting).
        self.print_language = PrintLanguageBox(context, labelled=False)
        print_label = QLabel()
        form.addRow(print_label, self.print_language)
        data_label, data_value = QLabel(), QLabel(str(user_data_dir()))
        logs_label, logs_value = QLabel(), QLabel(str(log_dir()))
        font_label, font_value = QLabel(), QLabel(BUNDLED_REGULAR.name)
        for value in (data_value, logs_value, font_value):
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(data_label, data_value)
        form.addRow(logs_label, logs_value)
        form.addRow(font_label, font_value)
        layout.addLayout(form)
        layout.addStretch(1)
        self.texts.bind(heading.setText, "nav.settings")
        self.texts.bind(language_label.setText, "settings.language")
        self.texts.bind(print_label.setText, "printing.ui.settings_label")
        self.texts.bind(data_label.setText, "settings.data_folder")
        self.texts.bind(logs_label.setText, "settings.log_folder")
        self.texts.bind(font_label.setText, "settings.font")
        from ui.errors import logging_problem

        if logging_problem() is not None:
            self.texts.bind(logs_value.setText, "settings.log_to_stderr")

    def _language_chosen(self, index: int) -> None:
        self.context.set_language(self.language_box.itemData(index))

    def retranslate(self) -> None:
        super().retranslate()
        index = LANGUAGES.index(i18n.current_language())
        if self.language_box.currentIndex() != index:
            self.language_box.blockSignals(True)
            self.language_box.setCurrentIndex(index)
            self.language_box.blockSignals(False)
