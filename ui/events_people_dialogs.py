"""Dialogs for people: partners, volunteers (members — finalists first — or anyone else),
the event crew with roles and clash warnings, and the checklist template."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.events.checklists import TemplateItem
from outreach.events.partners import KINDS, Partner
from outreach.events.schedule import Event, EventError
from outreach.events.volunteers import (
    ROLES,
    Assignment,
    Candidate,
    assign,
    candidates,
    clashes_if_assigned,
    event_assignments,
    format_hours,
    list_volunteers,
    unassign,
)
from outreach.i18n import join_clauses, tr, with_detail
from ui.events_event_dialogs import show_problems
from ui.table_models import Column, RowsTableModel

if TYPE_CHECKING:
    from sqlite_utils import Database


def _ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class PartnerDialog(QDialog):
    def __init__(self, partner: Partner | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("events.dialog.partner_title"))
        partner = partner or Partner("", "community", "")
        self.partner_id = partner.id
        self.kind_box = QComboBox()
        for kind in KINDS:
            self.kind_box.addItem(tr(f"events.partner_kind.{kind}"), kind)
        self.kind_box.setCurrentIndex(KINDS.index(partner.kind))
        self.name_edit = QLineEdit(partner.name)
        self.contact_edit = QLineEdit(partner.contact_name)
        self.phone_edit = QLineEdit(partner.phone)
        self.address_edit = QLineEdit(partner.address)
        self.notes_edit = QPlainTextEdit(partner.notes)
        self.notes_edit.setMaximumHeight(80)
        form = QFormLayout(self)
        form.addRow(tr("events.print.kind"), self.kind_box)
        form.addRow(tr("events.print.organisation"), self.name_edit)
        form.addRow(tr("events.print.contact"), self.contact_edit)
        form.addRow(tr("events.print.phone"), self.phone_edit)
        form.addRow(tr("events.column.address"), self.address_edit)
        form.addRow(tr("events.dialog.notes"), self.notes_edit)
        form.addRow(_ok_cancel(self))
        self.resize(460, 320)

    def partner(self) -> Partner:
        return Partner(
            self.partner_id,
            self.kind_box.currentData(),
            self.name_edit.text().strip(),
            self.contact_edit.text().strip(),
            self.phone_edit.text().strip(),
            self.address_edit.text().strip(),
            self.notes_edit.toPlainText().strip(),
        )


class PersonDialog(QDialog):
    """A volunteer who is not on the roster (a teacher, a community worker…), or an edit."""

    def __init__(self, name: str = "", phone: str = "", notes: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("events.dialog.person_title"))
        self.name_edit = QLineEdit(name)
        self.phone_edit = QLineEdit(phone)
        self.notes_edit = QLineEdit(notes)
        form = QFormLayout(self)
        form.addRow(tr("events.print.name"), self.name_edit)
        form.addRow(tr("events.print.phone"), self.phone_edit)
        form.addRow(tr("events.dialog.notes"), self.notes_edit)
        form.addRow(_ok_cancel(self))

    def values(self) -> tuple[str, str, str]:
        return self.name_edit.text(), self.phone_edit.text(), self.notes_edit.text()


class MemberPickerDialog(QDialog):
    """Members who are not volunteers yet, finalists first; several can be picked."""

    def __init__(self, db: Database, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("events.dialog.members_title"))
        self.model: RowsTableModel[Candidate] = RowsTableModel(
            [
                Column("events.column.name", lambda c: c.name),
                Column("events.column.class", lambda c: c.class_name),
                Column("events.print.phone", lambda c: c.phone),
                Column(
                    "events.column.finalist",
                    lambda c: tr("events.yes") if c.finalist else "",
                    colour=lambda c: "#2e7d32" if c.finalist else None,
                ),
            ]
        )
        self.model.set_rows(candidates(db))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        hint = QLabel(
            tr("events.dialog.members_hint")
            if self.model.rowCount()
            else tr("events.dialog.no_members")
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(_ok_cancel(self))
        self.resize(520, 480)

    def chosen(self) -> list[Candidate]:
        return [self.model.row_at(i.row()) for i in self.table.selectionModel().selectedRows()]


class CrewDialog(QDialog):
    """Who works at one event and in which role; a clash with another event is named at once."""

    def __init__(self, db: Database, event: Event, parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.outreach_event = event
        self.changed = False
        self.setWindowTitle(tr("events.dialog.crew_title"))
        heading = QLabel(f"{event.title} · {event.date} {event.start_time}–{event.end_time}")
        heading.setObjectName("dialogHeading")
        self.model: RowsTableModel[Assignment] = RowsTableModel(
            [
                Column("events.print.role", lambda a: tr(f"events.role.{a.role}")),
                Column("events.column.name", lambda a: a.name),
                Column("events.print.phone", lambda a: a.phone),
                Column("events.column.hours", lambda a: format_hours(a.hours)),
                Column(
                    "events.column.clash",
                    lambda a: join_clauses(clashes_if_assigned(db, event.id, a.volunteer_id)),
                    colour=lambda _a: "#b00020",
                ),
            ]
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.person_box = QComboBox()
        self.role_box = QComboBox()
        for role in ROLES:
            self.role_box.addItem(tr(f"events.role.{role}"), role)
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setRange(0, 24)
        self.hours_spin.setSingleStep(0.5)
        self.hours_spin.setSpecialValueText(tr("events.dialog.event_length"))
        self.add_button = QPushButton(tr("events.dialog.book"))
        self.remove_button = QPushButton(tr("events.dialog.unbook"))
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #b00020;")
        add_row = QHBoxLayout()
        add_row.addWidget(self.person_box, 2)
        add_row.addWidget(self.role_box, 1)
        add_row.addWidget(QLabel(tr("events.column.hours")))
        add_row.addWidget(self.hours_spin)
        add_row.addWidget(self.add_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(add_row)
        layout.addWidget(self.warning)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.add_button.clicked.connect(self.book)
        self.remove_button.clicked.connect(self.unbook)
        self.person_box.currentIndexChanged.connect(self._preview_clash)
        self.resize(760, 460)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(event_assignments(self.db, self.outreach_event.id))
        self.table.resizeColumnsToContents()
        self.person_box.clear()
        for volunteer in list_volunteers(self.db):
            label = (
                with_detail(volunteer.name, volunteer.class_name)
                if volunteer.class_name
                else volunteer.name
            )
            self.person_box.addItem(label, volunteer.id)
        self._preview_clash()

    def _preview_clash(self) -> None:
        volunteer_id = self.person_box.currentData()
        others = (
            clashes_if_assigned(self.db, self.outreach_event.id, volunteer_id)
            if volunteer_id
            else []
        )
        self.warning.setText(
            tr(
                "events.dialog.clash_warning",
                name=self.person_box.currentText(),
                events=join_clauses(others),
            )
            if others
            else ""
        )

    def book(self) -> None:
        volunteer_id = self.person_box.currentData()
        if not volunteer_id:
            return
        hours = self.hours_spin.value() or None
        try:
            assign(
                self.db, self.outreach_event.id, volunteer_id, self.role_box.currentData(), hours
            )
        except EventError as error:
            show_problems(self, error)
            return
        self.changed = True
        self.refresh()

    def unbook(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        unassign(self.db, self.model.row_at(rows[0].row()).id)
        self.changed = True
        self.refresh()


class TemplateDialog(QDialog):
    """The checklist template: task and T−N days; blank rows are dropped on saving."""

    def __init__(self, items: list[TemplateItem], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("events.dialog.template_title"))
        self.rows: list[tuple[QSpinBox, QLineEdit]] = []
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.grid.addWidget(QLabel(tr("events.dialog.days_before")), 0, 0)
        self.grid.addWidget(QLabel(tr("events.print.task")), 0, 1)
        for item in items:
            self.add_row(item.days_before, item.title)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        add = QPushButton(tr("events.dialog.add_task"))
        add.clicked.connect(lambda: self.add_row(7, ""))
        hint = QLabel(tr("events.dialog.template_hint"))
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(scroll, 1)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(_ok_cancel(self))
        self.resize(560, 480)

    def add_row(self, days: int, title: str) -> None:
        spin = QSpinBox()
        spin.setRange(-30, 365)
        spin.setPrefix("T−")
        spin.setValue(days)
        edit = QLineEdit(title)
        row = len(self.rows) + 1
        self.grid.addWidget(spin, row, 0)
        self.grid.addWidget(edit, row, 1)
        self.rows.append((spin, edit))

    def items(self) -> list[tuple[str, int]]:
        return [(edit.text(), spin.value()) for spin, edit in self.rows]
