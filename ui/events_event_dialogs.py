"""Dialogs for events: create or edit one, plan a monthly series (reviewed before saving),
postpone, and record the outcome."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from outreach.events.outcomes import MATERIALS, Outcome, get_outcome
from outreach.events.partners import HOST_KINDS, list_partners
from outreach.events.schedule import (
    Event,
    EventDraft,
    EventError,
    SeriesPlan,
    plan_series,
)
from outreach.i18n import tr, with_detail
from ui.table_models import Column, RowsTableModel

if TYPE_CHECKING:
    from sqlite_utils import Database


def show_problems(parent: QWidget | None, error: EventError) -> None:
    QMessageBox.warning(
        parent, tr("events.dialog.problem_title"), "\n".join(str(p) for p in error.problems)
    )


def _qdate(value: str) -> QDate:
    day = dt.date.fromisoformat(value)
    return QDate(day.year, day.month, day.day)


def _qtime(value: str) -> QTime:
    hours, minutes = map(int, value.split(":"))
    return QTime(hours, minutes)


def _date_edit(value: str | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setDate(_qdate(value) if value else QDate.currentDate())
    return edit


def _time_edit(value: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setTime(_qtime(value))
    return edit


def _partner_list(db: Database, kinds: tuple[str, ...], checked: tuple[str, ...]) -> QListWidget:
    widget = QListWidget()
    for partner in list_partners(db, kinds):
        item = QListWidgetItem(with_detail(partner.name, tr(f"events.partner_kind.{partner.kind}")))
        item.setData(Qt.ItemDataRole.UserRole, partner.id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(
            Qt.CheckState.Checked if partner.id in checked else Qt.CheckState.Unchecked
        )
        widget.addItem(item)
    widget.setMaximumHeight(110)
    return widget


def _checked_ids(widget: QListWidget) -> tuple[str, ...]:
    return tuple(
        widget.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(widget.count())
        if widget.item(i).checkState() == Qt.CheckState.Checked
    )


def _community_box(db: Database, selected: str | None) -> QComboBox:
    box = QComboBox()
    box.addItem(tr("events.dialog.no_community"), None)
    for partner in list_partners(db, HOST_KINDS):
        box.addItem(partner.name, partner.id)
    index = box.findData(selected) if selected else 0
    box.setCurrentIndex(max(0, index))
    return box


class EventDialog(QDialog):
    """Create or edit one event; ``draft()`` is what was typed."""

    def __init__(self, db: Database, draft: EventDraft | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("events.dialog.event_title"))
        draft = draft or EventDraft(tr("events.dialog.default_title"), dt.date.today().isoformat())
        form = QFormLayout()
        self.title_edit = QLineEdit(draft.title)
        self.date_edit = _date_edit(draft.date)
        self.start_edit = _time_edit(draft.start_time)
        self.end_edit = _time_edit(draft.end_time)
        self.community_box = _community_box(db, draft.community_id)
        self.venue_edit = QLineEdit(draft.venue)
        self.desk_box = QCheckBox(tr("events.dialog.consultation_desk"))
        self.desk_box.setChecked(draft.consultation_desk)
        self.partner_list = _partner_list(
            db, ("insurer", "news_office", "other"), draft.partner_ids
        )
        self.notes_edit = QPlainTextEdit(draft.notes)
        self.notes_edit.setMaximumHeight(70)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("–"))
        times.addWidget(self.end_edit)
        times.addStretch(1)
        form.addRow(tr("events.column.title"), self.title_edit)
        form.addRow(tr("events.column.date"), self.date_edit)
        form.addRow(tr("events.print.time"), times)
        form.addRow(tr("events.column.community"), self.community_box)
        form.addRow(tr("events.column.venue"), self.venue_edit)
        form.addRow("", self.desk_box)
        form.addRow(tr("events.column.partners"), self.partner_list)
        form.addRow(tr("events.dialog.notes"), self.notes_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.community_box.currentIndexChanged.connect(self._venue_follows_community)
        self.resize(480, 520)

    def _venue_follows_community(self) -> None:
        if not self.venue_edit.text().strip() and self.community_box.currentData():
            self.venue_edit.setText(self.community_box.currentText())

    def draft(self) -> EventDraft:
        return EventDraft(
            title=self.title_edit.text().strip(),
            date=self.date_edit.date().toString("yyyy-MM-dd"),
            start_time=self.start_edit.time().toString("HH:mm"),
            end_time=self.end_edit.time().toString("HH:mm"),
            community_id=self.community_box.currentData(),
            venue=self.venue_edit.text().strip(),
            consultation_desk=self.desk_box.isChecked(),
            notes=self.notes_edit.toPlainText().strip(),
            partner_ids=_checked_ids(self.partner_list),
        )


class SeriesDialog(QDialog):
    """Plan one event a month on a chosen weekday and week, rotating through communities;
    the proposals are listed for review (edit or drop a row) before anything is saved."""

    def __init__(self, db: Database, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(tr("events.dialog.series_title"))
        self.drafts: list[EventDraft] = []
        form = QFormLayout()
        self.title_edit = QLineEdit(tr("events.dialog.default_title"))
        today = dt.date.today()
        self.month_edit = QDateEdit(QDate(today.year, today.month, 1))
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, 24)
        self.months_spin.setValue(6)
        self.weekday_box = QComboBox()
        for day in range(7):
            self.weekday_box.addItem(tr(f"events.weekday.{day}"), day)
        self.weekday_box.setCurrentIndex(5)
        self.week_box = QComboBox()
        for week in (1, 2, 3, 4, -1):
            self.week_box.addItem(tr(f"events.week.{'last' if week == -1 else week}"), week)
        self.week_box.setCurrentIndex(1)
        self.start_edit = _time_edit("09:00")
        self.end_edit = _time_edit("11:30")
        self.community_list = _partner_list(db, HOST_KINDS, ())
        for i in range(self.community_list.count()):
            self.community_list.item(i).setCheckState(Qt.CheckState.Checked)
        self.partner_list = _partner_list(db, ("insurer", "news_office", "other"), ())
        self.desk_box = QCheckBox(tr("events.dialog.consultation_desk"))
        self.desk_box.setChecked(True)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("–"))
        times.addWidget(self.end_edit)
        times.addStretch(1)
        when = QHBoxLayout()
        when.addWidget(self.week_box)
        when.addWidget(self.weekday_box)
        when.addStretch(1)
        form.addRow(tr("events.column.title"), self.title_edit)
        form.addRow(tr("events.dialog.first_month"), self.month_edit)
        form.addRow(tr("events.dialog.months"), self.months_spin)
        form.addRow(tr("events.dialog.when_in_month"), when)
        form.addRow(tr("events.print.time"), times)
        form.addRow(tr("events.dialog.communities"), self.community_list)
        form.addRow(tr("events.column.partners"), self.partner_list)
        form.addRow("", self.desk_box)
        self.propose_button = QPushButton(tr("events.dialog.propose"))
        self.propose_button.clicked.connect(self.propose)
        self.model: RowsTableModel[EventDraft] = RowsTableModel(
            [
                Column("events.column.date", lambda d: d.date),
                Column(
                    "events.column.weekday",
                    lambda d: tr(f"events.weekday.{dt.date.fromisoformat(d.date).weekday()}"),
                ),
                Column("events.print.time", lambda d: f"{d.start_time}–{d.end_time}"),
                Column("events.column.title", lambda d: d.title),
                Column("events.column.venue", lambda d: d.venue),
            ]
        )
        self.review = QTableView()
        self.review.setModel(self.model)
        self.review.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.review.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.review.doubleClicked.connect(lambda index: self.edit_row(index.row()))
        self.edit_button = QPushButton(tr("events.dialog.edit_row"))
        self.drop_button = QPushButton(tr("events.dialog.drop_row"))
        self.edit_button.clicked.connect(lambda: self.edit_row(self._current_row()))
        self.drop_button.clicked.connect(self.drop_row)
        row_buttons = QHBoxLayout()
        row_buttons.addWidget(self.propose_button)
        row_buttons.addStretch(1)
        row_buttons.addWidget(self.edit_button)
        row_buttons.addWidget(self.drop_button)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row_buttons)
        layout.addWidget(QLabel(tr("events.dialog.review_hint")))
        layout.addWidget(self.review, 1)
        layout.addWidget(self.buttons)
        self.resize(720, 760)

    def plan(self) -> SeriesPlan:
        return SeriesPlan(
            title=self.title_edit.text().strip(),
            first_month=self.month_edit.date().toString("yyyy-MM"),
            months=self.months_spin.value(),
            weekday=self.weekday_box.currentData(),
            week_of_month=self.week_box.currentData(),
            community_ids=_checked_ids(self.community_list),
            start_time=self.start_edit.time().toString("HH:mm"),
            end_time=self.end_edit.time().toString("HH:mm"),
            consultation_desk=self.desk_box.isChecked(),
            partner_ids=_checked_ids(self.partner_list),
        )

    def propose(self) -> bool:
        try:
            self.drafts = plan_series(self.db, self.plan())
        except EventError as error:
            show_problems(self, error)
            return False
        self._refresh()
        return True

    def _refresh(self) -> None:
        self.model.set_rows(self.drafts)
        self.review.resizeColumnsToContents()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(bool(self.drafts))

    def _current_row(self) -> int:
        rows = self.review.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def edit_row(self, row: int) -> None:
        if not 0 <= row < len(self.drafts):
            return
        dialog = EventDialog(self.db, self.drafts[row], self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.drafts[row] = dialog.draft()
            self._refresh()

    def drop_row(self) -> None:
        row = self._current_row()
        if 0 <= row < len(self.drafts):
            del self.drafts[row]
            self._refresh()


class PostponeDialog(QDialog):
    def __init__(self, event: Event, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("events.dialog.postpone_title"))
        later = (event.day + dt.timedelta(days=7)).isoformat()
        self.date_edit = _date_edit(later)
        self.start_edit = _time_edit(event.start_time)
        self.end_edit = _time_edit(event.end_time)
        self.reason_edit = QLineEdit()
        form = QFormLayout()
        form.addRow(QLabel(tr("events.dialog.postpone_from", title=event.title, date=event.date)))
        form.addRow(tr("events.dialog.new_date"), self.date_edit)
        times = QHBoxLayout()
        times.addWidget(self.start_edit)
        times.addWidget(QLabel("–"))
        times.addWidget(self.end_edit)
        form.addRow(tr("events.print.time"), times)
        form.addRow(tr("events.dialog.reason"), self.reason_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, str, str, str]:
        return (
            self.date_edit.date().toString("yyyy-MM-dd"),
            self.start_edit.time().toString("HH:mm"),
            self.end_edit.time().toString("HH:mm"),
            self.reason_edit.text().strip(),
        )


class OutcomeDialog(QDialog):
    """Residents reached, consultations, one quantity per material (``MATERIALS``), notes."""

    def __init__(self, db: Database, event: Event, parent=None) -> None:
        super().__init__(parent)
        self.outreach_event = event
        self.setWindowTitle(tr("events.dialog.outcome_title"))
        current = get_outcome(db, event.id) or Outcome(event.id, 0, 0)
        form = QFormLayout()
        form.addRow(QLabel(f"{event.title} · {event.date}"))
        self.residents_spin = self._spin(current.residents_reached)
        self.consultations_spin = self._spin(current.consultations)
        form.addRow(tr("events.column.residents"), self.residents_spin)
        form.addRow(tr("events.column.consultations"), self.consultations_spin)
        self.material_spins: dict[str, QSpinBox] = {}
        for material in (*MATERIALS, *[m for m in current.materials if m not in MATERIALS]):
            spin = self._spin(current.materials.get(material, 0))
            self.material_spins[material] = spin
            form.addRow(tr("events.dialog.handed_out", material=material_name(material)), spin)
        self.notes_edit = QPlainTextEdit(current.notes)
        self.notes_edit.setMaximumHeight(90)
        form.addRow(tr("events.dialog.notes"), self.notes_edit)
        form.addRow(QLabel(tr("events.dialog.outcome_marks_done")))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    @staticmethod
    def _spin(value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setRange(0, 1_000_000)
        spin.setValue(value)
        return spin

    def outcome(self) -> Outcome:
        return Outcome(
            self.outreach_event.id,
            residents_reached=self.residents_spin.value(),
            consultations=self.consultations_spin.value(),
            notes=self.notes_edit.toPlainText().strip(),
            materials={m: spin.value() for m, spin in self.material_spins.items()},
        )


def material_name(material: str) -> str:
    key = f"events.material.{material}"
    text = tr(key)
    return material if text == key else text
