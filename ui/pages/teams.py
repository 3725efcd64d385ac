"""Teams: register class teams and their rosters under the competition's rules.

Top: the teams (class, team, size, captain, eligible or why not, notes). Below: the selected
team's roster, or every member matching the search. Cells edit in place (a team's notes too);
a member row dragged onto a team moves the member, as the Move menu does. Every edit is one
domain transaction recorded in an ``EditHistory`` so that Ctrl+Z / Ctrl+Y undo and redo it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.competition import editing
from outreach.competition.editing import Change, EditError, EditHistory
from outreach.competition.roster import Member, Team, list_members, list_teams
from outreach.competition.roster_export import export_members, export_teams, role_text
from outreach.competition.rules import (
    FieldProblem,
    TeamStatus,
    join_reasons,
    render,
    team_problems,
    team_statuses,
)
from outreach.competition.search import RosterIndex
from outreach.i18n import tr
from ui.context import AppContext
from ui.file_dialogs import ask_save_path, with_extension
from ui.pages.base import Page, heading_label
from ui.print_language import PrintLanguageBox
from ui.table_models import ROW_ROLE, SORT_ROLE, Column
from ui.tasks import run_task
from ui.teams_dialogs import OK_STYLE, PROBLEM_STYLE, ImportPreviewDialog, MemberDialog, TeamDialog
from ui.teams_models import MemberRowsModel, TeamRowsModel

TOPIC = "teams"
# Topics after which the rosters may have changed under us (merge, restore, import elsewhere).
_RELOAD_TOPICS = {"teams", "competition", "merge", "restore", "programme"}


def _status_text(status: TeamStatus) -> str:
    if status.eligible:
        return tr("competition.status.eligible")
    return join_reasons(status.problems)


class TeamsPage(Page):
    page_id = "teams"
    title_key = "nav.teams"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.history = EditHistory()
        self.statuses: dict[str, TeamStatus] = {}
        self.index = RosterIndex([], [])
        self.dialog: TeamDialog | MemberDialog | ImportPreviewDialog | None = None
        self._notifying = False
        self._build()
        context.data_changed.connect(self._data_changed)
        # another file (or the same one after a merge or restore): old undo steps do not apply
        context.programme_replaced.connect(self._forget_history)
        self.reload()

    # ------------------------------------------------------------------ building
    def _button(self, key: str, slot, layout, name: str | None = None) -> QPushButton:
        button = QPushButton()
        self.texts.bind(button.setText, key)
        button.clicked.connect(lambda _checked=False: slot())
        if name:
            button.setObjectName(name)
        layout.addWidget(button)
        return button

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)

        top = QHBoxLayout()
        heading = heading_label()
        self.texts.bind(heading.setText, "nav.teams")
        top.addWidget(heading)
        top.addStretch(1)
        self.undo_button = self._button("teams.undo", self.undo, top)
        self.redo_button = self._button("teams.redo", self.redo, top)
        self.import_button = self._button("teams.import", self.import_file, top)
        self.export_button = QPushButton()
        self.texts.bind(self.export_button.setText, "teams.export")
        export_menu = QMenu(self.export_button)
        self.export_teams_action = export_menu.addAction("")
        self.export_members_action = export_menu.addAction("")
        self.texts.bind(self.export_teams_action.setText, "teams.export_teams")
        self.texts.bind(self.export_members_action.setText, "teams.export_members")
        self.export_teams_action.triggered.connect(lambda: self.export("teams"))
        self.export_members_action.triggered.connect(lambda: self.export("members"))
        self.export_button.setMenu(export_menu)
        top.addWidget(self.export_button)
        self.print_language = PrintLanguageBox(self.context)
        top.addWidget(self.print_language)
        self.print_roster_button = self._button("teams.print_roster", self.print_roster, top)
        self.print_form_button = self._button("teams.print_form", self.print_form, top)
        layout.addLayout(top)

        search_row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("teamsSearch")
        self.search.setClearButtonEnabled(True)
        self.texts.bind(self.search.setPlaceholderText, "teams.search_placeholder")
        self.search.textChanged.connect(self._search_changed)
        self.search_count = QLabel()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_count)
        layout.addLayout(search_row)

        splitter = QSplitter(Qt.Orientation.Vertical)
        layout.addWidget(splitter, 1)

        # -- teams
        teams_box = QWidget()
        teams_layout = QVBoxLayout(teams_box)
        teams_layout.setContentsMargins(0, 0, 0, 0)
        teams_bar = QHBoxLayout()
        teams_title = QLabel()
        teams_title.setStyleSheet("font-weight: 600;")
        self.texts.bind(teams_title.setText, "teams.teams_heading")
        teams_bar.addWidget(teams_title)
        teams_bar.addStretch(1)
        self.add_team_button = self._button("teams.add_team", self.add_team, teams_bar)
        self.remove_team_button = self._button("teams.remove_team", self.remove_team, teams_bar)
        teams_layout.addLayout(teams_bar)
        self.teams_model: TeamRowsModel[Team] = TeamRowsModel(
            [
                Column("competition.column.class", lambda t: t.class_name),
                Column("competition.column.team", lambda t: t.name),
                Column(
                    "competition.column.size",
                    lambda t: self._size_text(t),
                    sort_key=lambda t: len(self._members_of(t)),
                    align_right=True,
                ),
                Column("competition.column.captain", lambda t: self._captain_name(t)),
                Column(
                    "competition.column.status",
                    lambda t: _status_text(self.statuses[t.id]) if t.id in self.statuses else "",
                    tooltip=lambda t: (
                        _status_text(self.statuses[t.id]) if t.id in self.statuses else None
                    ),
                    colour=lambda t: (
                        "#1b6e20"
                        if t.id in self.statuses and self.statuses[t.id].eligible
                        else "#b00020"
                    ),
                ),
                Column(
                    "competition.column.notes",
                    lambda t: t.notes or "",
                    tooltip=lambda t: t.notes or tr("teams.notes_hint"),
                ),
            ],
            {
                "competition.column.class": lambda t, text: self._edit_team(t, class_name=text),
                "competition.column.team": lambda t, text: self._edit_team(t, name=text),
                "competition.column.notes": lambda t, text: self._edit_team(t, notes=text),
            },
            self.drop_member,
        )
        self.teams_view = self._table(self.teams_model)
        self.teams_view.setObjectName("teamsTable")
        # a member row dropped on a team row moves the member there
        self.teams_view.setAcceptDrops(True)
        self.teams_view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.teams_view.setDragDropOverwriteMode(True)  # always "on" a row, never between
        self.teams_view.setDropIndicatorShown(True)
        self.teams_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._team_selection_changed()
        )
        teams_layout.addWidget(self.teams_view)
        splitter.addWidget(teams_box)

        # -- members
        members_box = QWidget()
        members_layout = QVBoxLayout(members_box)
        members_layout.setContentsMargins(0, 0, 0, 0)
        members_bar = QHBoxLayout()
        self.members_title = QLabel()
        self.members_title.setStyleSheet("font-weight: 600;")
        members_bar.addWidget(self.members_title)
        members_bar.addStretch(1)
        self.add_member_button = self._button("teams.add_member", self.add_member, members_bar)
        self.remove_member_button = self._button(
            "teams.remove_member", self.remove_member, members_bar
        )
        self.move_button = QPushButton()
        self.texts.bind(self.move_button.setText, "teams.move_member")
        self.texts.bind(self.move_button.setToolTip, "teams.move_hint")
        self.move_menu = QMenu(self.move_button)
        self.move_menu.aboutToShow.connect(self._fill_move_menu)
        self.move_button.setMenu(self.move_menu)
        members_bar.addWidget(self.move_button)
        self.captain_button = self._button(
            "teams.set_captain", lambda: self.set_role("captain"), members_bar
        )
        self.starter_button = self._button(
            "teams.set_member", lambda: self.set_role("member"), members_bar
        )
        self.alternate_button = self._button(
            "teams.set_alternate", lambda: self.set_role("alternate"), members_bar
        )
        members_layout.addLayout(members_bar)
        self.team_status = QLabel()
        self.team_status.setObjectName("teamStatus")
        self.team_status.setWordWrap(True)
        members_layout.addWidget(self.team_status)
        self.members_model: MemberRowsModel[Member] = MemberRowsModel(
            [
                Column("competition.column.name", lambda m: m.name),
                Column("competition.column.student_no", lambda m: m.student_no),
                Column("competition.column.role", lambda m: role_text(m.role)),
                Column("competition.column.phone", lambda m: m.phone or ""),
                Column("competition.column.class", lambda m: m.class_name or ""),
                Column("competition.column.team", lambda m: self._team_label(m.team_id)),
            ],
            {
                "competition.column.name": lambda m, text: self._edit_member(m, name=text),
                "competition.column.student_no": lambda m, text: self._edit_member(
                    m, student_no=text
                ),
                "competition.column.phone": lambda m, text: self._edit_member(m, phone=text),
                "competition.column.class": lambda m, text: self._edit_member(m, class_name=text),
            },
        )
        self.members_view = self._table(self.members_model)
        self.members_view.setObjectName("membersTable")
        self.members_view.setDragEnabled(True)
        self.members_view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.members_view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.members_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._update_actions()
        )
        members_layout.addWidget(self.members_view)
        splitter.addWidget(members_box)
        splitter.setSizes([300, 400])

        self.notice = QLabel()
        self.notice.setObjectName("teamsNotice")
        self.notice.setWordWrap(True)
        layout.addWidget(self.notice)

        self.undo_action = QAction(self)
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = QAction(self)
        # Ctrl+Y everywhere, plus the platform's own redo key (Ctrl+Shift+Z on some); a key
        # listed twice would make the shortcut ambiguous and fire nothing.
        redo_keys = [QKeySequence("Ctrl+Y")]
        for key in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo):
            if key not in redo_keys:
                redo_keys.append(key)
        self.redo_action.setShortcuts(redo_keys)
        for action, slot in ((self.undo_action, self.undo), (self.redo_action, self.redo)):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)

    def _table(self, model) -> QTableView:
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view = QTableView()
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        # Fixed row heights and no word wrap: with 10,000 rows a reset must not measure rows
        # (bench/search.py).
        vertical = view.verticalHeader()
        vertical.hide()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(view.fontMetrics().height() + 12)
        view.setWordWrap(False)
        header = view.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultSectionSize(150)
        view.setAlternatingRowColors(True)
        return view

    # ------------------------------------------------------------------ data
    @property
    def db(self):
        return self.context.db

    def _writable(self) -> bool:
        programme = self.context.programme
        return programme is not None and not programme.read_only

    def _members_of(self, team: Team) -> list[Member]:
        status = self.statuses.get(team.id)
        return status.members if status else []

    def _size_text(self, team: Team) -> str:
        members = self._members_of(team)
        alternates = sum(1 for m in members if m.is_alternate)
        if alternates:
            return tr("teams.size_with_alternates", size=len(members), alternates=alternates)
        return str(len(members))

    def _captain_name(self, team: Team) -> str:
        status = self.statuses.get(team.id)
        captain = status.captain if status else None
        return captain.name if captain else ""

    def _team_label(self, team_id: str) -> str:
        status = self.statuses.get(team_id)
        return status.team.label if status else ""

    def reload(self) -> None:
        """Re-read every team and member, keep the selection, rebuild the search keys."""
        if self.context.programme is None:
            self.statuses = {}
            self.index = RosterIndex([], [])
            self.teams_model.set_rows([])
            self.members_model.set_rows([])
            self.history.clear()
            self._update_actions()
            return
        selected_team = self.current_team()
        selected_member = self.current_member()
        teams, members = list_teams(self.db), list_members(self.db)
        self.statuses = {s.team.id: s for s in team_statuses(self.db, teams, members)}
        self.index = RosterIndex(teams, members)
        editable = self._writable()
        self.teams_model.editable = editable
        self.members_model.editable = editable
        self._apply_search(
            select_team=selected_team.id if selected_team else None,
            select_member=selected_member.id if selected_member else None,
        )

    def _forget_history(self) -> None:
        self.history.clear()
        self._update_actions()

    def _data_changed(self, topic: str) -> None:
        if not self._notifying and topic in _RELOAD_TOPICS:
            # someone else changed the rosters: our undo steps may no longer apply
            self.history.clear()
            self.reload()

    def retranslate(self) -> None:
        super().retranslate()
        self.teams_model.retranslate()
        self.members_model.retranslate()
        self._show_members_title()
        self._show_team_status()
        self._update_actions()
        self._show_count()

    # ------------------------------------------------------------------ search
    def _search_changed(self, _text: str) -> None:
        team = self.current_team()
        self._apply_search(select_team=team.id if team else None)

    def _apply_search(self, select_team: str | None = None, select_member: str | None = None):
        query = self.search.text()
        if query.strip():
            teams, members = self.index.search(query)
            self.members_model.set_rows(members)
        else:
            teams = self.index.teams
        self.teams_model.set_rows(teams)
        if not self._select_row(self.teams_view, select_team) and teams:
            self.teams_view.selectRow(0)
        self._team_selection_changed(select_member)
        self._show_count()

    def _show_count(self) -> None:
        if self.search.text().strip():
            self.search_count.setText(
                tr(
                    "teams.search_count",
                    members=self.members_model.rowCount(),
                    teams=self.teams_model.rowCount(),
                )
            )
        else:
            self.search_count.setText(
                tr(
                    "teams.total_count",
                    members=len(self.index.members),
                    teams=len(self.index.teams),
                )
            )

    def _select_row(self, view: QTableView, row_id: str | None) -> bool:
        if row_id is None:
            return False
        proxy = view.model()
        source = proxy.sourceModel()
        number = source.row_of(row_id)
        if number is None:
            return False
        index = proxy.mapFromSource(source.index(number, 0))
        if not index.isValid():
            return False
        view.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        return True

    # ------------------------------------------------------------------ selection
    def _current(self, view: QTableView):
        index = view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        return index.data(ROW_ROLE)

    def current_team(self) -> Team | None:
        return self._current(self.teams_view)

    def current_member(self) -> Member | None:
        return self._current(self.members_view)

    def _team_selection_changed(self, select_member: str | None = None) -> None:
        searching = bool(self.search.text().strip())
        team = self.current_team()
        if not searching:
            members = self.statuses[team.id].members if team and team.id in self.statuses else []
            self.members_model.set_rows(members)
        self.members_view.setColumnHidden(5, not searching)
        if not self._select_row(self.members_view, select_member):
            self.members_view.clearSelection()
        self._show_members_title()
        self._show_team_status()
        self._update_actions()

    def _show_members_title(self) -> None:
        team = self.current_team()
        if self.search.text().strip():
            self.members_title.setText(tr("teams.members_found"))
        elif team is not None:
            self.members_title.setText(tr("teams.members_of", team=team.label))
        else:
            self.members_title.setText(tr("teams.members_heading"))

    def _show_team_status(self) -> None:
        team = self.current_team()
        status = self.statuses.get(team.id) if team else None
        if status is None:
            self.team_status.setText("")
            return
        if status.eligible:
            self.team_status.setText("✔ " + tr("teams.status_eligible", team=status.team.label))
            self.team_status.setStyleSheet(OK_STYLE)
        else:
            self.team_status.setText(
                "✘ "
                + tr(
                    "teams.status_not_eligible",
                    team=status.team.label,
                    reasons=join_reasons(status.problems),
                )
            )
            self.team_status.setStyleSheet(PROBLEM_STYLE)

    def _update_actions(self) -> None:
        writable = self._writable()
        team = self.current_team()
        member = self.current_member()
        self.add_team_button.setEnabled(writable)
        self.remove_team_button.setEnabled(writable and team is not None)
        self.add_member_button.setEnabled(writable and team is not None)
        for button in (
            self.remove_member_button,
            self.move_button,
            self.captain_button,
            self.starter_button,
            self.alternate_button,
        ):
            button.setEnabled(writable and member is not None)
        if member is not None:
            self.captain_button.setEnabled(writable and member.role != "captain")
            self.starter_button.setEnabled(writable and member.role != "member")
            self.alternate_button.setEnabled(writable and member.role != "alternate")
        self.import_button.setEnabled(writable)
        has_programme = self.context.programme is not None
        self.export_button.setEnabled(has_programme)
        self.print_roster_button.setEnabled(has_programme)
        undo, redo = self.history.next_undo(), self.history.next_redo()
        self.undo_button.setEnabled(writable and undo is not None)
        self.redo_button.setEnabled(writable and redo is not None)
        self.undo_action.setEnabled(writable and undo is not None)
        self.redo_action.setEnabled(writable and redo is not None)
        self.undo_button.setToolTip(
            tr("teams.undo_what", what=render(undo.description)) if undo else ""
        )
        self.redo_button.setToolTip(
            tr("teams.redo_what", what=render(redo.description)) if redo else ""
        )

    # ------------------------------------------------------------------ edits
    def _say(self, text: str, problem: bool = False) -> None:
        self.notice.setText(text)
        self.notice.setStyleSheet(PROBLEM_STYLE if problem else "")
        self.context.status.emit(text)

    def _refused(self, error: EditError) -> None:
        self._say(join_reasons(error.messages), problem=True)

    def _after_change(self, change: Change, record: bool = True) -> None:
        if record:
            self.history.record(change)
        self.reload()
        if change.focus_team_id:
            self._select_row(self.teams_view, change.focus_team_id)
            self._team_selection_changed(change.focus_member_id)
        self._say(render(change.description))
        self._notifying = True
        try:
            self.context.notify(TOPIC)
        finally:
            self._notifying = False

    def run_edit(self, operation) -> Change | None:
        """Run one domain edit; show its refusal instead of raising."""
        try:
            change = operation()
        except EditError as error:
            self._refused(error)
            return None
        self._after_change(change)
        return change

    def _edit_team(self, team: Team, **fields) -> bool:
        return self._deferred_edit(lambda: editing.edit_team(self.db, team.id, **fields))

    def _edit_member(self, member: Member, **fields) -> bool:
        return self._deferred_edit(lambda: editing.edit_member(self.db, member.id, **fields))

    def _deferred_edit(self, operation) -> bool:
        """A cell edit: write now, refresh the tables once the cell editor has closed."""
        try:
            change = operation()
        except EditError as error:
            self._refused(error)
            return False
        QTimer.singleShot(0, lambda: self._after_change(change))
        return True

    def add_team(self) -> None:
        def check(values):
            return editing.team_field_problems(values["class_name"], values["name"])

        self.dialog = TeamDialog(check, parent=self)
        self.dialog.accepted.connect(lambda: self._add_team_accepted(self.dialog))
        self.dialog.open()

    def _add_team_accepted(self, dialog: TeamDialog) -> None:
        values = dialog.values()
        self.run_edit(lambda: editing.add_team(self.db, values["class_name"], values["name"]))

    def remove_team(self) -> None:
        team = self.current_team()
        if team is not None:
            self.run_edit(lambda: editing.remove_team(self.db, team.id))

    def add_member(self) -> None:
        team = self.current_team()
        if team is None:
            return
        full = editing.add_problems(self.db, team)
        if full:
            # a 7th member is refused before any typing (DESIGN.md §1.1: 4–6 people)
            self._refused(EditError(full))
            return
        roles = [m.role for m in self.statuses[team.id].members]

        def check(values):
            return editing.member_problems(
                self.db, values["name"], values["student_no"], values["phone"], values["role"]
            ) + [FieldProblem("", m) for m in editing.add_problems(self.db, team)]

        def preview(role: str) -> tuple[str, bool]:
            after = [*roles, role]
            if role == "captain":
                after = [r if r != "captain" else "member" for r in roles] + [role]
            problems = team_problems(after)
            if not problems:
                return tr("teams.preview_eligible", team=team.label), True
            return (
                tr(
                    "teams.preview_not_eligible",
                    team=team.label,
                    reasons=join_reasons(problems),
                ),
                False,
            )

        self.dialog = MemberDialog(check, parent=self, team_preview=preview)
        self.dialog.setWindowTitle(tr("teams.dialog.add_member_to", team=team.label))
        self.dialog.accepted.connect(lambda: self._add_member_accepted(self.dialog, team))
        self.dialog.open()

    def _add_member_accepted(self, dialog: MemberDialog, team: Team) -> None:
        values = dialog.values()
        self.run_edit(
            lambda: editing.add_member(
                self.db,
                team.id,
                values["name"],
                values["student_no"],
                values["phone"],
                values["role"],
            )
        )

    def remove_member(self) -> None:
        member = self.current_member()
        if member is not None:
            self.run_edit(lambda: editing.remove_member(self.db, member.id))

    def set_role(self, role: str) -> None:
        member = self.current_member()
        if member is not None:
            self.run_edit(lambda: editing.set_role(self.db, member.id, role))

    def _fill_move_menu(self) -> None:
        self.move_menu.clear()
        member = self.current_member()
        for team in self.index.teams:
            if member is not None and team.id == member.team_id:
                continue
            action = self.move_menu.addAction(team.label)
            action.triggered.connect(lambda _c=False, t=team: self.move_member(t.id))

    def move_member(self, team_id: str) -> None:
        member = self.current_member()
        if member is not None:
            self.run_edit(lambda: editing.move_member(self.db, member.id, team_id))

    def drop_member(self, member_id: str, team: Team) -> bool:
        """A member row dropped on a team: the same move (rules, undo) as the Move menu; a
        refusal is shown with its reason."""
        if not self._writable():
            return False
        return self.run_edit(lambda: editing.move_member(self.db, member_id, team.id)) is not None

    def undo(self) -> None:
        if not self._writable() or not self.history.can_undo:
            return
        try:
            change = self.history.undo(self.db)
        except EditError as error:
            self._refused(error)
            self._update_actions()
            return
        self._after_change(change, record=False)

    def redo(self) -> None:
        if not self._writable() or not self.history.can_redo:
            return
        try:
            change = self.history.redo(self.db)
        except EditError as error:
            self._refused(error)
            self._update_actions()
            return
        self._after_change(change, record=False)

    # ------------------------------------------------------------------ files
    def import_file(self, path: str | Path | None = None) -> None:
        """Preview the file off the GUI thread; import it (all or nothing) on confirmation."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("teams.import.choose"), "", tr("teams.import.filter")
            )
            if not path:
                return
        from outreach.competition.roster_import import plan_import

        path = Path(path)
        db = self.db
        self.task = run_task(
            self,
            tr("teams.import.checking", file=path.name),
            lambda progress: plan_import(db, path, progress),
            on_done=self._show_preview,
            on_error=self._task_failed,
        )

    def _show_preview(self, plan) -> None:
        self.dialog = ImportPreviewDialog(plan, self)
        self.dialog.accepted.connect(lambda: self._run_import(plan.path))
        self.dialog.open()

    def _run_import(self, path: Path) -> None:
        from outreach.competition.roster_import import import_roster

        programme = self.context.programme
        self.task = run_task(
            self,
            tr("teams.import.importing", file=path.name),
            lambda progress: import_roster(programme, path, progress),
            on_done=self._imported,
            on_error=self._import_failed,
            on_cancel=lambda: self._say(tr("teams.import.cancelled"), problem=True),
        )

    def _imported(self, result) -> None:
        self._after_change(result.change)
        self._say(
            tr("teams.import.done", teams=result.teams_created, members=result.members_created)
        )

    def _import_failed(self, error: Exception, details: str) -> None:
        from outreach.competition.roster_import import RosterImportRefused

        if isinstance(error, RosterImportRefused):
            # the programme changed between preview and import: show the new problems
            self._show_preview(error.plan)
            return
        self._task_failed(error, details)

    def _task_failed(self, error: Exception, _details: str) -> None:
        message = getattr(error, "message", None)
        text = render(message) if message is not None else str(error)
        self._say(text, problem=True)
        QMessageBox.warning(self, tr("teams.error_title"), text)

    def _save_path(self, title_key: str, filter_key: str, suggested: str) -> Path | None:
        path = ask_save_path(self, tr(title_key), suggested, filter_key)
        return Path(path) if path else None

    def export(self, what: str, path: str | Path | None = None) -> None:
        if path is None:
            path = self._save_path(
                "teams.export_choose", "teams.export_filter", tr(f"teams.export_name_{what}")
            )
            if path is None:
                return
        # a name given without the dialog gets its extension by the same rule
        path = Path(with_extension(str(path), tr("teams.export_filter")))
        writer = export_teams if what == "teams" else export_members
        try:
            rows = writer(self.context.programme, path)
        except Exception as error:  # a full disk, a file open in Excel…
            self._task_failed(error, "")
            return
        self._say(tr("teams.exported", rows=rows, file=str(path)))

    def print_roster(self, path: str | Path | None = None) -> None:
        from outreach.competition.roster_print import print_rosters

        db, language = self.db, self.print_language.language()
        self._print(
            path,
            "teams.print_name_roster",
            lambda target: print_rosters(db, target, language),
        )

    def print_form(self, path: str | Path | None = None) -> None:
        from outreach.competition.roster_print import print_registration_form

        name = self.context.programme.name if self.context.programme else ""
        language = self.print_language.language()
        self._print(
            path,
            "teams.print_name_form",
            lambda target: print_registration_form(target, language, programme_name=name),
        )

    def _print(self, path, name_key: str, make) -> None:
        if path is None:
            path = self._save_path("teams.print_choose", "teams.print_filter", tr(name_key))
            if path is None:
                return
        target = Path(with_extension(str(path), tr("teams.print_filter")))
        self.task = run_task(
            self,
            tr("teams.printing"),
            lambda _progress: make(target),
            on_done=self._printed,
            on_error=self._task_failed,
        )

    def _printed(self, result) -> None:
        text = tr("teams.printed", file=str(result.path), pages=result.pages)
        if result.missing_glyphs:
            text += " " + tr(
                "competition.print.missing_glyphs", chars=" ".join(result.missing_glyphs)
            )
        self._say(text, problem=bool(result.missing_glyphs))
