"""First run: start an empty programme, open a file, or try the demo programme."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from outreach.i18n import tr
from ui.pages.base import heading_label


class WelcomeDialog(QDialog):
    NEW, OPEN, DEMO = 1, 2, 3

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("welcome.title"))
        self.choice = 0
        layout = QVBoxLayout(self)
        heading = heading_label()
        heading.setText(tr("welcome.heading"))
        intro = QLabel(tr("welcome.intro"))
        intro.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(intro)
        for choice, key in (
            (self.NEW, "welcome.new"),
            (self.OPEN, "welcome.open"),
            (self.DEMO, "welcome.demo"),
        ):
            button = QPushButton(tr(key))
            button.setObjectName(f"welcome_{choice}")
            button.setMinimumHeight(40)
            button.clicked.connect(lambda _=False, c=choice: self._choose(c))
            layout.addWidget(button)
        self.setMinimumWidth(460)

    def _choose(self, choice: int) -> None:
        self.choice = choice
        self.accept()
