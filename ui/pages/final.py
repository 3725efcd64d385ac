"""决赛: choose or create a final; set it up, run it from the keyboard console (with the
projector window), read and export its score log."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach.final.finals import FinalError, create_final, list_finals
from outreach.final.live import Live
from outreach.i18n import current_language, tr
from ui.context import AppContext
from ui.final_console import FinalConsole, ask_text
from ui.final_log import FinalLog
from ui.final_setup import FinalSetup
from ui.pages.base import Page, heading_label


class FinalPage(Page):
    page_id = "final"
    title_key = "nav.final"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = heading_label()
        self.texts.bind(self.heading.setText, "nav.final")
        self.final_combo = QComboBox()
        self.final_combo.setMinimumWidth(260)
        self.new_button = QPushButton()
        self.texts.bind(self.new_button.setText, "final.page.new")
        self.new_button.clicked.connect(self.new_final)
        top.addWidget(self.heading)
        top.addSpacing(16)
        top.addWidget(self.final_combo)
        top.addWidget(self.new_button)
        top.addStretch(1)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.setup = FinalSetup()
        self.console = FinalConsole()
        self.log = FinalLog(context)
        self.tabs.addTab(self.console, "")
        self.tabs.addTab(self.setup, "")
        self.tabs.addTab(self.log, "")
        layout.addWidget(self.tabs, 1)
        self.final_combo.currentIndexChanged.connect(lambda _index: self._show_final())
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setup.changed.connect(self._setup_changed)
        self.console.changed.connect(self._console_changed)
        context.data_changed.connect(self._data_changed)
        self._retitle_tabs()
        self.reload()

    def _data_changed(self, topic: str) -> None:
        # Teams, exams and the bank feed the set-up's choices; the final's own changes are
        # already on screen.
        if topic != "final" and self.context.programme is not None:
            self.setup.reload()

    def _retitle_tabs(self) -> None:
        self.tabs.setTabText(0, tr("final.page.console"))
        self.tabs.setTabText(1, tr("final.page.setup"))
        self.tabs.setTabText(2, tr("final.page.log"))

    def retranslate(self) -> None:
        super().retranslate()
        self._retitle_tabs()
        self.setup.retranslate()
        self.console.retranslate()
        self.log.retranslate()

    def final_id(self) -> str | None:
        return self.final_combo.currentData()

    def reload(self) -> None:
        keep = self.final_id()
        self.final_combo.blockSignals(True)
        self.final_combo.clear()
        programme = self.context.programme
        if programme is not None:
            for final in list_finals(programme.db):
                self.final_combo.addItem(final.name, final.id)
        index = self.final_combo.findData(keep) if keep else -1
        self.final_combo.setCurrentIndex(index if index >= 0 else self.final_combo.count() - 1)
        self.final_combo.blockSignals(False)
        self.new_button.setEnabled(programme is not None)
        self._show_final()

    def _show_final(self) -> None:
        programme = self.context.programme
        final_id = self.final_id()
        db = programme.db if programme is not None else None
        self.setup.set_final(db, final_id)
        self.log.set_final(db, final_id)
        self.console.set_final(Live.open(db, final_id) if db is not None and final_id else None)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.console:
            self.console.setFocus()
        elif self.tabs.widget(index) is self.log:
            self.log.reload()

    def _setup_changed(self) -> None:
        if self.console.live is not None:
            self.console.live.reload()
            self.console.set_final(self.console.live)
        self.log.reload()
        self.context.notify("final")

    def _console_changed(self) -> None:
        self.context.notify("final")

    def shown(self) -> None:
        if self.tabs.currentWidget() is self.console:
            self.console.setFocus()

    def new_final(self) -> None:
        name, ok = ask_text(self, tr("final.page.new"), tr("final.page.new_name"))
        if not ok:
            return
        try:
            final = create_final(self.context.db, name, language=current_language())
        except FinalError as error:
            QMessageBox.warning(self, tr("final.page.new"), error.message.render())
            return
        self.reload()
        self.final_combo.setCurrentIndex(self.final_combo.findData(final.id))
        self.tabs.setCurrentWidget(self.setup)
        self.context.notify("final")
