"""Community outreach: the events list beside a month calendar, partners, volunteers (with
clashes and hours) and preparation checklists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach.events import events_print
from outreach.events.calendar_export import write_calendar
from outreach.events.checklists import (
    ChecklistItem,
    DueItem,
    add_checklist_item,
    due_checklist_items,
    event_checklist,
    list_template,
    remove_checklist_item,
    save_template,
    set_item_done,
)
from outreach.events.outcomes import get_outcome, outcome_too_early, record_outcome
from outreach.events.partners import Partner, list_partners, remove_partner, save_partner
from outreach.events.schedule import (
    Event,
    EventDraft,
    EventError,
    cancel_event,
    create_event,
    draft_of,
    event_history,
    get_event,
    list_events,
    postpone_event,
    save_series,
    update_event,
)
from outreach.events.volunteers import (
    Clash,
    Volunteer,
    add_volunteer,
    event_assignments,
    find_clashes,
    format_hours,
    list_volunteers,
    remove_volunteer,
    update_volunteer,
    volunteer_hours,
)
from outreach.i18n import join_clauses, join_list, tr, with_detail
from outreach.spreadsheets import TableError
from ui.context import AppContext
from ui.events_calendar import STATUS_COLOURS, MonthCalendar
from ui.events_event_dialogs import (
    EventDialog,
    OutcomeDialog,
    PostponeDialog,
    SeriesDialog,
    material_name,
    show_problems,
)
from ui.events_people_dialogs import (
    CrewDialog,
    MemberPickerDialog,
    PartnerDialog,
    PersonDialog,
    TemplateDialog,
)
from ui.file_dialogs import save_file_name
from ui.pages.base import Page
from ui.print_language import PrintLanguageBox
from ui.table_models import ROW_ROLE, SORT_ROLE, Column, RowsTableModel


def _table(model: RowsTableModel, stretch: int | None = None) -> QTableView:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.setAlternatingRowColors(True)
    if stretch is not None:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


def _selected(view: QTableView):
    rows = view.selectionModel().selectedRows() if view.selectionModel() else []
    return rows[0].data(ROW_ROLE) if rows else None


def _writes(method):
    """A page action that changes the programme: does nothing on a read-only programme."""

    def guarded(self, *args, **kwargs):
        programme = self.context.programme
        if programme is None or programme.read_only:
            return None
        return method(self, *args, **kwargs)

    guarded.__name__ = method.__name__
    guarded.__doc__ = method.__doc__
    return guarded


def _weekday(date: str) -> str:
    return tr(f"events.weekday.{dt.date.fromisoformat(date).weekday()}")


class EventsPage(Page):
    page_id = "events"
    title_key = "nav.events"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        # Tests replace this to fill a dialog in and accept it without a modal loop.
        self.run_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.ask_file: Callable[[str, str, str], str] = self._ask_file
        # The day an outcome is recorded on (tests set another one).
        self.today: Callable[[], dt.date] = dt.date.today
        self._clash_names: dict[str, list[str]] = {}
        # Buttons that change the programme: disabled when it is open read-only.
        self._write_buttons: list[QPushButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._build_events_tab(), "")
        self.tabs.addTab(self._build_partners_tab(), "")
        self.tabs.addTab(self._build_volunteers_tab(), "")
        self.tabs.addTab(self._build_checklists_tab(), "")
        self.texts.tab_titles(
            self.tabs,
            (
                "events.tab.events",
                "events.tab.partners",
                "events.tab.volunteers",
                "events.tab.checklists",
            ),
        )
        context.data_changed.connect(self._data_changed)
        self.reload()

    # -- building ------------------------------------------------------------------------------

    def _button(self, key: str, slot: Callable[[], object], writes: bool = True) -> QPushButton:
        button = QPushButton()
        if writes:
            self._write_buttons.append(button)
        self.texts.bind(button.setText, key)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _build_events_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.new_button = self._button("events.action.new", self.new_event)
        self.series_button = self._button("events.action.series", self.plan_series)
        self.edit_button = self._button("events.action.edit", self.edit_event)
        self.postpone_button = self._button("events.action.postpone", self.postpone)
        self.cancel_button = self._button("events.action.cancel", self.cancel)
        self.crew_button = self._button("events.action.crew", self.edit_crew)
        self.outcome_button = self._button("events.action.outcome", self.record_outcome)
        # A push button with a menu draws its arrow beside the text (a tool button drew it over
        # the last letter), like the Budget and Inventory pages' Export.
        self.print_button = QPushButton()
        self.texts.bind(self.print_button.setText, "events.action.print")
        self.print_menu = QMenu(self)
        self.print_button.setMenu(self.print_menu)
        self._print_actions = []
        for key, slot in (
            ("events.action.print_signin", self.print_signin),
            ("events.action.print_runsheet", self.print_runsheet),
            ("events.action.print_duty", self.print_duty),
            ("events.action.print_schedule", self.print_schedule),
            ("events.action.export_events", self.export_events),
            # In the menu rather than a button of its own: the bar fits 1280 pixels in English.
            ("events.action.calendar", self.export_calendar),
        ):
            action = self.print_menu.addAction("")
            action.triggered.connect(lambda _checked=False, s=slot: s())
            self.texts.bind(action.setText, key)
            self._print_actions.append(action)
        self.calendar_action = self._print_actions[-1]
        for widget in (
            self.new_button,
            self.series_button,
            self.edit_button,
            self.postpone_button,
            self.cancel_button,
            self.crew_button,
            self.outcome_button,
            self.print_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        self.print_language = PrintLanguageBox(self.context)
        bar.addWidget(self.print_language)
        layout.addLayout(bar)
        self.events_model: RowsTableModel[Event] = RowsTableModel(
            [
                Column("events.column.date", lambda e: e.date),
                Column("events.column.weekday", lambda e: _weekday(e.date)),
                Column("events.print.time", lambda e: f"{e.start_time}–{e.end_time}"),
                Column("events.column.title", lambda e: e.title),
                Column("events.column.community", lambda e: e.community_name),
                Column(
                    "events.column.consultation_desk",
                    lambda e: tr("events.yes") if e.consultation_desk else tr("events.no"),
                ),
                Column(
                    "events.column.status",
                    lambda e: tr(f"events.status.{e.status}"),
                    sort_key=lambda e: e.status,
                    colour=lambda e: STATUS_COLOURS.get(e.status),
                ),
                Column(
                    "events.column.volunteers",
                    lambda e: self._crew_counts.get(e.id, 0),
                    align_right=True,
                ),
                Column(
                    "events.column.clash",
                    lambda e: join_clauses(self._clash_names.get(e.id, [])),
                    colour=lambda _e: "#b00020",
                ),
            ]
        )
        self._crew_counts: dict[str, int] = {}
        self.events_view = _table(self.events_model, stretch=3)
        self.events_view.selectionModel().selectionChanged.connect(self._event_selected)
        self.events_view.doubleClicked.connect(lambda _index: self.edit_event())
        self.calendar = MonthCalendar()
        self.calendar.event_clicked.connect(self.select_event)
        self.calendar.grid.day_double_clicked.connect(self.new_event)
        self.calendar.grid.setToolTip(tr("events.calendar.tip"))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(150)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.calendar)
        bottom.addWidget(self.details)
        bottom.setSizes([760, 420])
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.events_view)
        splitter.addWidget(bottom)
        splitter.setSizes([300, 480])
        layout.addWidget(splitter, 1)
        return tab

    def _build_partners_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        bar.addWidget(self._button("events.action.add_partner", self.add_partner))
        bar.addWidget(self._button("events.action.edit_partner", self.edit_partner))
        bar.addWidget(self._button("events.action.remove_partner", self.remove_partner))
        bar.addStretch(1)
        layout.addLayout(bar)
        self.partners_model: RowsTableModel[Partner] = RowsTableModel(
            [
                Column("events.print.kind", lambda p: tr(f"events.partner_kind.{p.kind}")),
                Column("events.print.organisation", lambda p: p.name),
                Column("events.print.contact", lambda p: p.contact_name),
                Column("events.print.phone", lambda p: p.phone),
                Column("events.column.address", lambda p: p.address),
                Column("events.dialog.notes", lambda p: p.notes, tooltip=lambda p: p.notes),
            ]
        )
        self.partners_view = _table(self.partners_model, stretch=5)
        self.partners_view.doubleClicked.connect(lambda _index: self.edit_partner())
        layout.addWidget(self.partners_view)
        return tab

    def _build_volunteers_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        bar.addWidget(self._button("events.action.add_members", self.add_members))
        bar.addWidget(self._button("events.action.add_person", self.add_person))
        bar.addWidget(self._button("events.action.edit_person", self.edit_person))
        bar.addWidget(self._button("events.action.remove_person", self.remove_person))
        bar.addStretch(1)
        bar.addWidget(
            self._button("events.action.export_volunteers", self.export_volunteers, writes=False)
        )
        layout.addLayout(bar)
        self.volunteers_model: RowsTableModel[Volunteer] = RowsTableModel(
            [
                Column("events.column.name", lambda v: v.name),
                Column("events.column.class", lambda v: v.class_name),
                Column("events.print.phone", lambda v: v.phone),
                Column(
                    "events.column.member",
                    lambda v: tr("events.yes") if v.member_id else tr("events.no"),
                ),
                Column(
                    "events.column.events_served",
                    lambda v: self._hours.get(v.id, (0, 0))[1],
                    align_right=True,
                ),
                Column(
                    "events.column.hours",
                    lambda v: format_hours(self._hours.get(v.id, (0, 0))[0]),
                    sort_key=lambda v: self._hours.get(v.id, (0, 0))[0],
                    align_right=True,
                ),
                Column("events.dialog.notes", lambda v: v.notes),
            ]
        )
        self._hours: dict[str, tuple[float, int]] = {}
        self.volunteers_view = _table(self.volunteers_model, stretch=6)
        self.volunteers_view.doubleClicked.connect(lambda _index: self.edit_person())
        layout.addWidget(self.volunteers_view, 3)
        self.clash_box = QGroupBox()
        self.texts.bind(self.clash_box.setTitle, "events.clashes.title")
        clash_layout = QVBoxLayout(self.clash_box)
        self.clashes_model: RowsTableModel[Clash] = RowsTableModel(
            [
                Column("events.column.name", lambda c: c.name),
                Column("events.column.date", lambda c: c.date),
                Column("events.column.title", lambda c: with_detail(c.event_title, c.times)),
                Column(
                    "events.column.other_event",
                    lambda c: with_detail(c.other_event_title, c.other_times),
                ),
            ]
        )
        self.clashes_view = _table(self.clashes_model, stretch=3)
        self.clashes_view.setMaximumHeight(180)
        self.no_clash_label = QLabel()
        self.texts.bind(self.no_clash_label.setText, "events.clashes.none")
        clash_layout.addWidget(self.no_clash_label)
        clash_layout.addWidget(self.clashes_view)
        layout.addWidget(self.clash_box)
        return tab

    def _build_checklists_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.due_box = QGroupBox()
        self.texts.bind(self.due_box.setTitle, "events.checklist.due_title")
        due_layout = QVBoxLayout(self.due_box)
        self.due_model: RowsTableModel[DueItem] = RowsTableModel(
            [
                Column("events.print.due", lambda d: d.due_date),
                Column(
                    "events.column.when_due",
                    lambda d: (
                        tr("events.checklist.overdue", days=-d.days_left)
                        if d.overdue
                        else tr("events.checklist.days_left", days=d.days_left)
                    ),
                    sort_key=lambda d: d.days_left,
                    colour=lambda d: "#b00020" if d.overdue else "#c77800",
                ),
                Column("events.column.title", lambda d: with_detail(d.event_title, d.event_date)),
                Column("events.print.task", lambda d: d.title),
            ]
        )
        self.due_view = _table(self.due_model, stretch=3)
        due_bar = QHBoxLayout()
        due_bar.addWidget(self._button("events.action.mark_done", self.mark_due_done))
        due_bar.addStretch(1)
        due_layout.addWidget(self.due_view)
        due_layout.addLayout(due_bar)
        layout.addWidget(self.due_box, 2)
        self.event_box = QGroupBox()
        self.texts.bind(self.event_box.setTitle, "events.checklist.event_title")
        event_layout = QVBoxLayout(self.event_box)
        pick = QHBoxLayout()
        self.checklist_event_box = QComboBox()
        self.checklist_event_box.currentIndexChanged.connect(self._refresh_checklist)
        pick.addWidget(self.checklist_event_box, 1)
        pick.addWidget(self._button("events.action.toggle_done", self.toggle_item))
        pick.addWidget(self._button("events.action.add_task", self.add_item))
        pick.addWidget(self._button("events.action.remove_task", self.remove_item))
        pick.addWidget(self._button("events.action.edit_template", self.edit_template))
        event_layout.addLayout(pick)
        self.checklist_model: RowsTableModel[ChecklistItem] = RowsTableModel(
            [
                Column("events.print.due", lambda i: i.due_date),
                Column(
                    "events.column.t_minus",
                    lambda i: f"T−{i.days_before}" if i.days_before >= 0 else f"T+{-i.days_before}",
                    sort_key=lambda i: -i.days_before,
                ),
                Column("events.print.task", lambda i: i.title),
                Column(
                    "events.print.done",
                    lambda i: tr("events.checklist.done") if i.done else "",
                    colour=lambda i: "#2e7d32" if i.done else None,
                ),
            ]
        )
        self.checklist_view = _table(self.checklist_model, stretch=2)
        self.checklist_view.doubleClicked.connect(lambda _index: self.toggle_item())
        event_layout.addWidget(self.checklist_view)
        layout.addWidget(self.event_box, 3)
        return tab

    # -- reading -------------------------------------------------------------------------------

    @property
    def db(self):
        return self.context.db

    def _data_changed(self, topic: str) -> None:
        if topic in ("events", "teams", "competition", "exam", "final"):
            self.reload()

    def reload(self) -> None:
        enabled = self.context.programme is not None
        self.tabs.setEnabled(enabled)
        if not enabled:
            for model in (
                self.events_model,
                self.partners_model,
                self.volunteers_model,
                self.clashes_model,
                self.due_model,
                self.checklist_model,
            ):
                model.set_rows([])
            self.calendar.grid.set_events([])
            self.details.setText("")
            return
        db = self.db
        selected = self.current_event()
        events = list_events(db)
        clashes = find_clashes(db)
        self._clash_names = {}
        for clash in clashes:
            self._clash_names.setdefault(clash.event_id, []).append(
                tr("events.clashes.with", name=clash.name, event=clash.other_event_title)
            )
            self._clash_names.setdefault(clash.other_event_id, []).append(
                tr("events.clashes.with", name=clash.name, event=clash.event_title)
            )
        self._crew_counts = {
            row[0]: row[1]
            for row in db.execute(
                "SELECT event_id, count(*) FROM volunteer_assignments GROUP BY event_id"
            ).fetchall()
        }
        self.events_model.set_rows(events)
        self.events_view.resizeColumnsToContents()
        self.calendar.grid.set_events(events, set(self._clash_names))
        self.partners_model.set_rows(list_partners(db))
        self.partners_view.resizeColumnsToContents()
        self._hours = {h.person_id: (h.hours, h.events) for h in volunteer_hours(db)}
        self.volunteers_model.set_rows(list_volunteers(db))
        self.volunteers_view.resizeColumnsToContents()
        self.clashes_model.set_rows(clashes)
        self.clashes_view.resizeColumnsToContents()
        self.clashes_view.setVisible(bool(clashes))
        self.no_clash_label.setVisible(not clashes)
        self.due_model.set_rows(due_checklist_items(db, dt.date.today()))
        self.due_view.resizeColumnsToContents()
        current = self.checklist_event_box.currentData()
        self.checklist_event_box.blockSignals(True)
        self.checklist_event_box.clear()
        for event in events:
            self.checklist_event_box.addItem(
                with_detail(f"{event.date} {event.title}", tr(f"events.status.{event.status}")),
                event.id,
            )
        index = self.checklist_event_box.findData(current) if current else -1
        if index < 0:
            upcoming = next(
                (i for i, e in enumerate(events) if e.date >= dt.date.today().isoformat()), 0
            )
            index = upcoming if events else -1
        self.checklist_event_box.setCurrentIndex(index)
        self.checklist_event_box.blockSignals(False)
        self._refresh_checklist()
        if selected:
            self.select_event(selected.id)
        else:
            self._show_details(None)
        self._update_buttons()

    def retranslate(self) -> None:
        super().retranslate()
        for model in (
            self.events_model,
            self.partners_model,
            self.volunteers_model,
            self.clashes_model,
            self.due_model,
            self.checklist_model,
        ):
            model.retranslate()
        self.calendar.retranslate()
        self.calendar.grid.setToolTip(tr("events.calendar.tip"))
        if self.context.programme is not None:
            self.reload()

    def current_event(self) -> Event | None:
        event = _selected(self.events_view)
        if event is None or self.context.programme is None:
            return None
        return get_event(self.db, event.id)

    def select_event(self, event_id: str) -> None:
        proxy = self.events_view.model()
        for row in range(proxy.rowCount()):
            index = proxy.index(row, 0)
            if index.data(ROW_ROLE).id == event_id:
                self.events_view.selectionModel().select(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.events_view.scrollTo(index)
                return

    def _event_selected(self, *_args) -> None:
        event = self.current_event()
        self.calendar.select(event)
        self._show_details(event)
        self._update_buttons()

    def _update_buttons(self) -> None:
        programme = self.context.programme
        writable = programme is not None and not programme.read_only
        for button in self._write_buttons:
            button.setEnabled(writable)
        event = self.current_event()
        active = writable and event is not None and event.status in ("planned", "postponed")
        self.edit_button.setEnabled(writable and event is not None)
        self.postpone_button.setEnabled(active)
        self.cancel_button.setEnabled(active)
        usable = writable and event is not None and event.status != "cancelled"
        self.crew_button.setEnabled(usable)
        self.outcome_button.setEnabled(usable)
        for action in self._print_actions[:2]:
            action.setEnabled(event is not None)

    def _show_details(self, event: Event | None) -> None:
        if event is None:
            self.details.setText(tr("events.details.none"))
            return
        db = self.db
        # Everything typed (titles, names, reasons) is escaped: the panel is rich text, and
        # "<" in a title made the rest of it vanish.
        place = event.venue or event.community_name
        when = tr(
            "events.details.when",
            date=event.date,
            weekday=_weekday(event.date),
            start=event.start_time,
            end=event.end_time,
        )
        lines = [
            f"<b>{escape(event.title)}</b>",
            escape(f"{when} · {place}" if place else when),
        ]
        partners = [p for p in list_partners(db) if p.id in event.partner_ids]
        if partners:
            names = join_list(p.name for p in partners)
            lines.append(escape(tr("events.details.partners", names=names)))
        crew = event_assignments(db, event.id)
        if crew:
            names = join_list(
                f"{a.name}{tr('events.details.aside', text=tr(f'events.role.{a.role}'))}"
                for a in crew
            )
            lines.append(escape(tr("events.details.crew", names=names)))
        for clash in self._clash_names.get(event.id, []):
            lines.append(f"<span style='color:#b00020'>{escape(clash)}</span>")
        outcome = get_outcome(db, event.id)
        if outcome:
            lines.append(
                tr(
                    "events.details.outcome",
                    residents=outcome.residents_reached,
                    consultations=outcome.consultations,
                    flyers=outcome.materials.get("flyers", 0),
                    posters=outcome.materials.get("posters", 0),
                )
            )
        for entry in event_history(db, event.id):
            change = ""
            if entry.new_date and entry.old_date:
                change = f" {entry.old_date} {entry.old_start} → {entry.new_date} {entry.new_start}"
            reason = tr("events.details.aside", text=entry.reason) if entry.reason else ""
            text = f"{entry.at.replace('T', ' ')} {tr(f'events.history.{entry.action}')}"
            lines.append(f"<span style='color:#666'>{escape(text + change + reason)}</span>")
        self.details.setText("<br>".join(lines))

    # -- events --------------------------------------------------------------------------------

    def _changed(self, status_key: str, **params) -> None:
        self.reload()
        self.context.notify("events")
        self.context.status.emit(tr(status_key, **params))

    @_writes
    def new_event(self, date: str | None = None) -> None:
        draft = None
        if date:
            draft = EventDraft(tr("events.dialog.default_title"), date)
        dialog = EventDialog(self.db, draft, parent=self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            try:
                event = create_event(self.db, dialog.draft())
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.created", title=event.title)
            self.select_event(event.id)
            return

    @_writes
    def plan_series(self) -> None:
        dialog = SeriesDialog(self.db, self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            try:
                saved = save_series(self.db, dialog.plan(), dialog.drafts)
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.series", count=len(saved))
            return

    @_writes
    def edit_event(self) -> None:
        event = self.current_event()
        if event is None:
            return
        dialog = EventDialog(self.db, draft_of(event), self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            try:
                saved = update_event(self.db, event.id, dialog.draft())
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.saved", title=saved.title)
            return

    @_writes
    def postpone(self) -> None:
        event = self.current_event()
        if event is None:
            return
        dialog = PostponeDialog(event, self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            date, start, end, reason = dialog.values()
            try:
                postpone_event(self.db, event.id, date, start, end, reason)
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.postponed", title=event.title, date=date)
            return

    @_writes
    def cancel(self) -> None:
        event = self.current_event()
        if event is None:
            return
        reason, ok = QInputDialog.getText(
            self,
            tr("events.dialog.cancel_title"),
            tr("events.dialog.cancel_reason", title=event.title),
        )
        if not ok:
            return
        try:
            cancel_event(self.db, event.id, reason.strip())
        except EventError as error:
            show_problems(self, error)
            return
        self._changed("events.status_bar.cancelled", title=event.title)

    @_writes
    def edit_crew(self) -> None:
        event = self.current_event()
        if event is None:
            return
        dialog = CrewDialog(self.db, event, self)
        self.run_dialog(dialog)
        if dialog.changed:
            self._changed("events.status_bar.saved", title=event.title)

    @_writes
    def record_outcome(self) -> None:
        event = self.current_event()
        if event is None:
            return
        # Said before the dialog, not after the organiser has typed every figure in.
        too_early = outcome_too_early(event, self.today())
        if too_early:
            show_problems(self, EventError([too_early]))
            return
        dialog = OutcomeDialog(self.db, event, self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            try:
                record_outcome(self.db, dialog.outcome(), today=self.today())
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.outcome", title=event.title)
            self._tell_unposted_materials(event)
            return

    def _tell_unposted_materials(self, event: Event) -> None:
        """Handed-out materials that could not go to the stock ledger by themselves (no item of
        that kind, several, or too few on hand) wait on the Inventory page: say so, or the
        organiser believes the stock moved."""
        from outreach.inventory.outcomes import pending_outcomes

        waiting = [p for p in pending_outcomes(self.db) if p.event_id == event.id]
        if not waiting:
            self.outcome_notice = None
            return
        materials = join_list(
            tr("events.outcome.material_count", material=material_name(p.material), count=p.to_post)
            for p in waiting
        )
        self.outcome_notice = QMessageBox(
            QMessageBox.Icon.Information,
            tr("events.dialog.outcome_title"),
            tr("events.outcome.not_in_stock", materials=materials),
            QMessageBox.StandardButton.Ok,
            self,
        )
        self.outcome_notice.open()

    # -- printing and export -------------------------------------------------------------------

    def _ask_file(self, title: str, suggested: str, pattern: str) -> str:
        folder = (
            Path(self.context.programme.path).parent if self.context.programme.path else Path.home()
        )
        return save_file_name(self, title, str(folder / suggested), pattern)

    def _write(self, title_key: str, suggested: str, pattern: str, write) -> None:
        path = self.ask_file(tr(title_key), suggested, pattern)
        if not path:
            return
        try:
            write(Path(path))
        except (EventError, TableError) as error:
            # Rendered now, in the interface's language (str() of these is English).
            problems = getattr(error, "problems", None) or [error.message]
            QMessageBox.warning(
                self, tr("events.dialog.problem_title"), "\n".join(p.render() for p in problems)
            )
            return
        except OSError as error:
            QMessageBox.warning(self, tr("events.dialog.problem_title"), str(error))
            return
        self.context.status.emit(tr("events.status_bar.written", file=path))

    def print_signin(self) -> None:
        language = self.print_language.language()
        event = self.current_event()
        if event:
            self._write(
                "events.action.print_signin",
                tr("events.file.signin", date=event.date),
                "PDF (*.pdf)",
                lambda path: events_print.print_signin(self.db, event.id, path, language=language),
            )

    def print_runsheet(self) -> None:
        language = self.print_language.language()
        event = self.current_event()
        if event:
            self._write(
                "events.action.print_runsheet",
                tr("events.file.runsheet", date=event.date),
                "PDF (*.pdf)",
                lambda path: events_print.print_runsheet(
                    self.db, event.id, path, language=language
                ),
            )

    def _calendar_month(self) -> str:
        return f"{self.calendar.grid.year:04d}-{self.calendar.grid.month:02d}"

    def print_duty(self) -> None:
        language = self.print_language.language()
        month = self._calendar_month()
        self._write(
            "events.action.print_duty",
            tr("events.file.duty", month=month),
            "PDF (*.pdf)",
            lambda path: events_print.print_roster(self.db, path, month=month, language=language),
        )

    def print_schedule(self) -> None:
        language = self.print_language.language()
        month = self._calendar_month()
        self._write(
            "events.action.print_schedule",
            tr("events.file.schedule", month=month),
            "PDF (*.pdf)",
            lambda path: events_print.print_schedule(self.db, path, month=month, language=language),
        )

    def export_events(self) -> None:
        from outreach.events.commands import export_events

        self._write(
            "events.action.export_events",
            tr("events.file.events"),
            "Excel (*.xlsx);;CSV (*.csv)",
            lambda path: export_events(self.context.programme, path),
        )

    def export_volunteers(self) -> None:
        from outreach.events.commands import export_volunteers

        self._write(
            "events.action.export_volunteers",
            tr("events.file.volunteers"),
            "Excel (*.xlsx);;CSV (*.csv)",
            lambda path: export_volunteers(self.context.programme, path),
        )

    def export_calendar(self) -> None:
        self._write(
            "events.action.calendar",
            "outreach-events.ics",
            "iCalendar (*.ics)",
            lambda path: write_calendar(self.db, path, self.print_language.language()),
        )

    # -- partners ------------------------------------------------------------------------------

    @_writes
    def add_partner(self, partner: Partner | None = None) -> None:
        dialog = PartnerDialog(partner, self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            try:
                saved = save_partner(self.db, dialog.partner())
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.saved", title=saved.name)
            return

    @_writes
    def edit_partner(self) -> None:
        partner = _selected(self.partners_view)
        if partner:
            self.add_partner(partner)

    @_writes
    def remove_partner(self) -> None:
        partner = _selected(self.partners_view)
        if partner is None:
            return
        answer = QMessageBox.question(
            self,
            tr("events.action.remove_partner"),
            tr("events.dialog.confirm_remove", name=partner.name),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            remove_partner(self.db, partner.id)
        except EventError as error:
            show_problems(self, error)
            return
        self._changed("events.status_bar.removed", name=partner.name)

    # -- volunteers ----------------------------------------------------------------------------

    @_writes
    def add_members(self) -> None:
        dialog = MemberPickerDialog(self.db, self)
        if self.run_dialog(dialog) != QDialog.DialogCode.Accepted:
            return
        chosen = dialog.chosen()
        with self.db.atomic():
            for candidate in chosen:
                add_volunteer(self.db, member_id=candidate.member_id)
        if chosen:
            self._changed("events.status_bar.volunteers_added", count=len(chosen))

    @_writes
    def add_person(self) -> None:
        dialog = PersonDialog(parent=self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            name, phone, notes = dialog.values()
            try:
                add_volunteer(self.db, name=name, phone=phone, notes=notes)
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.volunteers_added", count=1)
            return

    @_writes
    def edit_person(self) -> None:
        person = _selected(self.volunteers_view)
        if person is None:
            return
        dialog = PersonDialog(person.name, person.phone, person.notes, self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            try:
                update_volunteer(self.db, person.id, *dialog.values())
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.saved", title=person.name)
            return

    @_writes
    def remove_person(self) -> None:
        person = _selected(self.volunteers_view)
        if person is None:
            return
        try:
            remove_volunteer(self.db, person.id)
        except EventError as error:
            show_problems(self, error)
            return
        self._changed("events.status_bar.removed", name=person.name)

    # -- checklists ----------------------------------------------------------------------------

    def _refresh_checklist(self) -> None:
        event_id = self.checklist_event_box.currentData()
        items = event_checklist(self.db, event_id) if event_id and self.context.programme else []
        self.checklist_model.set_rows(items)
        self.checklist_view.resizeColumnsToContents()

    @_writes
    def mark_due_done(self) -> None:
        item = _selected(self.due_view)
        if item:
            set_item_done(self.db, item.item_id, True)
            self._changed("events.status_bar.done", task=item.title)

    @_writes
    def toggle_item(self) -> None:
        item = _selected(self.checklist_view)
        if item:
            set_item_done(self.db, item.id, not item.done)
            self._changed("events.status_bar.done", task=item.title)

    @_writes
    def add_item(self) -> None:
        event_id = self.checklist_event_box.currentData()
        if not event_id:
            return
        title, ok = QInputDialog.getText(
            self, tr("events.action.add_task"), tr("events.print.task")
        )
        if not ok or not title.strip():
            return
        days, ok = QInputDialog.getInt(
            self, tr("events.action.add_task"), tr("events.dialog.days_before"), 3, -30, 365
        )
        if ok:
            add_checklist_item(self.db, event_id, title, days)
            self._changed("events.status_bar.saved", title=title)

    @_writes
    def remove_item(self) -> None:
        item = _selected(self.checklist_view)
        if item:
            remove_checklist_item(self.db, item.id)
            self._changed("events.status_bar.removed", name=item.title)

    @_writes
    def edit_template(self) -> None:
        dialog = TemplateDialog(list_template(self.db), self)
        while self.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            try:
                save_template(self.db, dialog.items())
            except EventError as error:
                show_problems(self, error)
                continue
            self._changed("events.status_bar.template")
            return
