"""Dialogs of the Inventory page: an item, a movement, a reversal reason, the expected use at a
planned event, posting an event outcome. Each writes through the domain in one transaction
when OK is pressed; a refusal (e.g. not enough on hand) is shown in the dialog, which stays
open with what was typed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from outreach.i18n import tr, with_detail
from outreach.inventory.events_link import EventLabel
from outreach.inventory.items import ITEM_KINDS, Item
from outreach.inventory.ledger import MOVEMENT_KINDS

MAX_QUANTITY = 10_000_000


class FormDialog(QDialog):
    """A form with OK/Cancel and an error line; ``save`` runs on OK and may raise a domain
    error carrying a translatable ``message``."""

    def __init__(self, parent: QWidget | None, title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("inventory.ui.ok"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            tr("inventory.ui.cancel")
        )
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.result_value: Any = None

    def save(self) -> Any:
        raise NotImplementedError

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _accept(self) -> None:
        try:
            self.result_value = self.save()
        except ValueError as error:
            message = getattr(error, "message", None)
            self.show_error(message.render() if message is not None else str(error))
            return
        self.accept()


def date_edit(initial: str | None = None) -> QDateEdit:
    editor = QDateEdit()
    editor.setCalendarPopup(True)
    editor.setDisplayFormat("yyyy-MM-dd")
    day = dt.date.fromisoformat(initial) if initial else dt.date.today()
    editor.setDate(QDate(day.year, day.month, day.day))
    return editor


def date_text(editor: QDateEdit) -> str:
    return editor.date().toString("yyyy-MM-dd")


def quantity_box(value: int = 0, minimum: int = 0) -> QSpinBox:
    box = QSpinBox()
    box.setRange(minimum, MAX_QUANTITY)
    box.setValue(value)
    box.setGroupSeparatorShown(True)
    return box


def event_combo(events: Sequence[EventLabel], *, optional: bool) -> QComboBox:
    combo = QComboBox()
    if optional:
        combo.addItem(tr("inventory.ui.no_event"), None)
    for event in events:
        combo.addItem(event.label(), event.id)
    return combo


def select_data(combo: QComboBox, value: Any) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


class ItemDialog(FormDialog):
    def __init__(
        self, parent: QWidget | None, save: Callable[[dict], Item], item: Item | None = None
    ) -> None:
        super().__init__(parent, tr("inventory.ui.edit_item" if item else "inventory.ui.new_item"))
        self._save = save
        self.name = QLineEdit(item.name if item else "")
        self.kind = QComboBox()
        for kind in ITEM_KINDS:
            self.kind.addItem(tr(f"inventory.kind.{kind}"), kind)
        if item:
            select_data(self.kind, item.kind)
        self.unit = QLineEdit(item.unit if item else "张")
        self.level = quantity_box(item.low_stock_level if item else 0)
        self.notes = QLineEdit(item.notes if item else "")
        self.form.addRow(tr("inventory.column.name"), self.name)
        self.form.addRow(tr("inventory.column.kind"), self.kind)
        self.form.addRow(tr("inventory.column.unit"), self.unit)
        self.form.addRow(tr("inventory.column.low_level"), self.level)
        self.form.addRow(tr("inventory.column.notes"), self.notes)

    def values(self) -> dict:
        return {
            "name": self.name.text(),
            "kind": self.kind.currentData(),
            "unit": self.unit.text(),
            "low_stock_level": self.level.value(),
            "notes": self.notes.text(),
        }

    def save(self) -> Item:
        return self._save(self.values())


class MovementDialog(FormDialog):
    """Record a movement. Shows what is on hand for the chosen item and, for a count, the
    difference that will be posted."""

    def __init__(
        self,
        parent: QWidget | None,
        items: Sequence[Item],
        events: Sequence[EventLabel],
        balance_of: Callable[[str], int],
        save: Callable[[dict], Any],
        *,
        item_id: str | None = None,
        kind: str = "received",
    ) -> None:
        super().__init__(parent, tr("inventory.ui.record_movement"))
        self._save = save
        self._balance_of = balance_of
        self._units = {item.id: item.unit for item in items}
        self.item = QComboBox()
        for item in items:
            self.item.addItem(item.name, item.id)
        select_data(self.item, item_id)
        self.kind = QComboBox()
        for name in MOVEMENT_KINDS:
            self.kind.addItem(tr(f"inventory.movement.{name}"), name)
        select_data(self.kind, kind)
        self.quantity = quantity_box(0)
        self.on_hand = QLabel()
        self.date = date_edit()
        self.event_box = event_combo(events, optional=True)
        self.reason = QLineEdit()
        self.quantity_label = QLabel()
        self.form.addRow(tr("inventory.column.name"), self.item)
        self.form.addRow(tr("inventory.column.movement"), self.kind)
        self.form.addRow(self.quantity_label, self.quantity)
        self.form.addRow("", self.on_hand)
        self.form.addRow(tr("inventory.column.date"), self.date)
        self.form.addRow(tr("inventory.column.event"), self.event_box)
        self.form.addRow(tr("inventory.column.reason"), self.reason)
        for signal in (
            self.item.currentIndexChanged,
            self.kind.currentIndexChanged,
            self.quantity.valueChanged,
        ):
            signal.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        item_id = self.item.currentData()
        counted = self.kind.currentData() == "counted"
        self.quantity_label.setText(
            tr("inventory.ui.counted_quantity" if counted else "inventory.column.quantity")
        )
        if item_id is None:
            self.on_hand.setText("")
            return
        on_hand = self._balance_of(item_id)
        unit = self._units.get(item_id, "")
        text = tr("inventory.ui.on_hand", on_hand=on_hand, unit=unit)
        if counted:
            text += "  " + tr(
                "inventory.ui.count_difference", change=self.quantity.value() - on_hand
            )
        self.on_hand.setText(text)

    def values(self) -> dict:
        return {
            "item_id": self.item.currentData(),
            "kind": self.kind.currentData(),
            "quantity": self.quantity.value(),
            "date": date_text(self.date),
            "event_id": self.event_box.currentData(),
            "reason": self.reason.text(),
        }

    def save(self) -> Any:
        return self._save(self.values())


class ReasonDialog(FormDialog):
    """Why a ledger entry is reversed (required), shown with what is being reversed."""

    def __init__(
        self, parent: QWidget | None, title: str, summary: str, save: Callable[[str, str], Any]
    ) -> None:
        super().__init__(parent, title)
        self._save = save
        label = QLabel(summary)
        label.setWordWrap(True)
        self.reason = QLineEdit()
        self.date = date_edit()
        self.form.addRow(label)
        self.form.addRow(tr("inventory.column.reason"), self.reason)
        self.form.addRow(tr("inventory.column.date"), self.date)

    def save(self) -> Any:
        return self._save(self.reason.text(), date_text(self.date))


class PlanDialog(FormDialog):
    """Expected use of an item at a planned event (0 removes the line)."""

    def __init__(
        self,
        parent: QWidget | None,
        events: Sequence[EventLabel],
        items: Sequence[Item],
        current: Callable[[str, str], int],
        save: Callable[[str, str, int], Any],
        *,
        event_id: str | None = None,
        item_id: str | None = None,
    ) -> None:
        super().__init__(parent, tr("inventory.ui.set_plan"))
        self._save = save
        self._current = current
        self.event_box = event_combo(events, optional=False)
        select_data(self.event_box, event_id)
        self.item = QComboBox()
        for item in items:
            self.item.addItem(with_detail(item.name, item.unit), item.id)
        select_data(self.item, item_id)
        self.quantity = quantity_box(0)
        hint = QLabel(tr("inventory.ui.plan_hint"))
        hint.setWordWrap(True)
        self.form.addRow(tr("inventory.column.event"), self.event_box)
        self.form.addRow(tr("inventory.column.name"), self.item)
        self.form.addRow(tr("inventory.column.expected"), self.quantity)
        self.form.addRow(hint)
        self.event_box.currentIndexChanged.connect(self._load)
        self.item.currentIndexChanged.connect(self._load)
        self._load()

    def _load(self) -> None:
        if self.event_box.currentData() and self.item.currentData():
            self.quantity.setValue(
                self._current(self.event_box.currentData(), self.item.currentData())
            )

    def save(self) -> Any:
        return self._save(
            self.event_box.currentData(), self.item.currentData(), self.quantity.value()
        )


class PostOutcomeDialog(FormDialog):
    """Post what an event's outcome says was handed out, choosing the item it came from."""

    def __init__(
        self,
        parent: QWidget | None,
        summary: str,
        items: Sequence[Item],
        save: Callable[[str], Any],
        *,
        item_id: str | None = None,
    ) -> None:
        super().__init__(parent, tr("inventory.ui.post_outcome"))
        self._save = save
        label = QLabel(summary)
        label.setWordWrap(True)
        self.item = QComboBox()
        for item in items:
            self.item.addItem(item.name, item.id)
        select_data(self.item, item_id)
        self.form.addRow(label)
        self.form.addRow(tr("inventory.column.name"), self.item)

    def save(self) -> Any:
        return self._save(self.item.currentData())
