"""Home: what this programme holds and what needs attention. Concepts add their sections
through ``ui.home_sections`` as they land."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from outreach.demo import summary
from outreach.i18n import tr
from outreach.storage.backups import list_backups
from ui.context import AppContext
from ui.pages.base import Page


class HomePage(Page):
    page_id = "home"
    title_key = "nav.home"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.file_label = QLabel()
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_label.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.file_label)
        self.summary_box = QGroupBox()
        self.summary_form = QFormLayout(self.summary_box)
        layout.addWidget(self.summary_box)
        self.backup_label = QLabel()
        self.backup_label.setWordWrap(True)
        layout.addWidget(self.backup_label)
        layout.addStretch(1)
        self.texts.bind(self.summary_box.setTitle, "home.summary")
        context.data_changed.connect(lambda _topic: self.reload())
        self.reload()

    def retranslate(self) -> None:
        super().retranslate()
        self.reload()

    def reload(self) -> None:
        programme = self.context.programme
        while self.summary_form.rowCount():
            self.summary_form.removeRow(0)
        if programme is None:
            self.heading.setText(tr("home.no_programme"))
            self.file_label.setText("")
            self.backup_label.setText("")
            return
        self.heading.setText(programme.name)
        self.file_label.setText(tr("home.file", path=str(programme.path or ":memory:")))
        counts = summary(programme.db)
        if not counts:
            self.summary_form.addRow(QLabel(tr("home.summary_empty")))
        for key, count in counts:
            self.summary_form.addRow(tr(key), QLabel(str(count)))
        backups = list_backups(programme.path) if programme.path else []
        if backups:
            newest = backups[0]
            self.backup_label.setText(
                tr(
                    "home.latest_backup",
                    when=newest.created.strftime("%Y-%m-%d %H:%M"),
                    count=len(backups),
                )
            )
        else:
            self.backup_label.setText(tr("home.no_backup"))
