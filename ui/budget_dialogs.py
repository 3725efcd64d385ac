"""Dialogs of the Budget page: an expense (amount typed as yuan text, parsed exactly into fen
and shown back as ¥12.50 while typing) and a category's planned amount."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from outreach.budget.categories import Category
from outreach.budget.money import MoneyError, format_fen, parse_yuan
from outreach.i18n import current_language, tr
from outreach.inventory.events_link import EventLabel
from ui.inventory_dialogs import FormDialog, date_edit, date_text, event_combo, select_data


class MoneyEdit(QLineEdit):
    """Yuan text (``12.5``, ``¥12.50``, ``80元``); ``fen()`` parses it exactly or raises."""

    def __init__(self, fen: int | None = None, preview: QLabel | None = None) -> None:
        super().__init__(format_fen(fen, symbol="") if fen is not None else "")
        self.setPlaceholderText("0.00")
        self.preview = preview
        self.textChanged.connect(self._show)
        self._show()

    def fen(self) -> int:
        return parse_yuan(self.text())

    def _show(self) -> None:
        if self.preview is None:
            return
        if not self.text().strip():
            self.preview.setText("")
            return
        try:
            self.preview.setText(f"= {format_fen(self.fen())}")
            self.preview.setStyleSheet("")
        except MoneyError as error:
            self.preview.setText(error.message.render())
            self.preview.setStyleSheet("color: #b00020;")


def category_combo(categories: Sequence[Category]) -> QComboBox:
    combo = QComboBox()
    for category in categories:
        combo.addItem(category.name(current_language()), category.code)
    return combo


class ExpenseDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        categories: Sequence[Category],
        events: Sequence[EventLabel],
        save: Callable[[dict], Any],
        *,
        category: str | None = None,
        event_id: str | None = None,
    ) -> None:
        super().__init__(parent, tr("budget.ui.record_expense"))
        self._save = save
        self.date = date_edit()
        self.category = category_combo(categories)
        select_data(self.category, category)
        self.preview = QLabel()
        self.amount = MoneyEdit(preview=self.preview)
        self.payee = QLineEdit()
        self.receipt = QLineEdit()
        self.event_box = event_combo(events, optional=True)
        select_data(self.event_box, event_id)
        self.note = QLineEdit()
        self.form.addRow(tr("budget.column.date"), self.date)
        self.form.addRow(tr("budget.column.category"), self.category)
        self.form.addRow(tr("budget.column.amount_yuan"), self.amount)
        self.form.addRow("", self.preview)
        self.form.addRow(tr("budget.column.payee"), self.payee)
        self.form.addRow(tr("budget.column.receipt"), self.receipt)
        self.form.addRow(tr("budget.column.event"), self.event_box)
        self.form.addRow(tr("budget.column.note"), self.note)

    def values(self) -> dict:
        return {
            "date": date_text(self.date),
            "amount_fen": self.amount.fen(),
            "category": self.category.currentData(),
            "payee": self.payee.text(),
            "receipt_no": self.receipt.text(),
            "event_id": self.event_box.currentData(),
            "note": self.note.text(),
        }

    def save(self) -> Any:
        return self._save(self.values())


class PlannedDialog(FormDialog):
    def __init__(
        self,
        parent: QWidget | None,
        categories: Sequence[Category],
        save: Callable[[str, int], Any],
        *,
        category: str | None = None,
    ) -> None:
        super().__init__(parent, tr("budget.ui.set_planned"))
        self._save = save
        self._planned = {c.code: c.planned_fen for c in categories}
        self.category = category_combo(categories)
        select_data(self.category, category)
        self.preview = QLabel()
        self.amount = MoneyEdit(preview=self.preview)
        self.form.addRow(tr("budget.column.category"), self.category)
        self.form.addRow(tr("budget.column.planned_yuan"), self.amount)
        self.form.addRow("", self.preview)
        self.category.currentIndexChanged.connect(self._load)
        self._load()

    def _load(self) -> None:
        fen = self._planned.get(self.category.currentData(), 0)
        self.amount.setText(format_fen(fen, symbol="").replace(",", ""))

    def save(self) -> Any:
        return self._save(self.category.currentData(), self.amount.fen())


class EventPlannedDialog(FormDialog):
    """Planned spending for one event (0 removes the plan)."""

    def __init__(
        self,
        parent: QWidget | None,
        events: Sequence[EventLabel],
        planned: dict[str, int],
        save: Callable[[str, int], Any],
        *,
        event_id: str | None = None,
    ) -> None:
        super().__init__(parent, tr("budget.ui.set_event_planned"))
        self._save = save
        self._planned = planned
        self.event_box = event_combo(events, optional=False)
        select_data(self.event_box, event_id)
        self.preview = QLabel()
        self.amount = MoneyEdit(preview=self.preview)
        self.form.addRow(tr("budget.column.event"), self.event_box)
        self.form.addRow(tr("budget.column.planned_yuan"), self.amount)
        self.form.addRow("", self.preview)
        self.event_box.currentIndexChanged.connect(self._load)
        self._load()

    def _load(self) -> None:
        fen = self._planned.get(self.event_box.currentData(), 0)
        self.amount.setText(format_fen(fen, symbol="").replace(",", ""))

    def save(self) -> Any:
        return self._save(self.event_box.currentData(), self.amount.fen())
