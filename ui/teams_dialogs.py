"""Dialogs of the Teams page: a team, a member (rules checked as you type) and the import
preview (what will be created and every problem with its row)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.competition.roster import ROLES
from outreach.competition.roster_import import ImportProblem, PlannedTeam, RosterImportPlan
from outreach.competition.rules import FieldProblem, join_reasons, render
from outreach.i18n import tr
from ui.table_models import Column, RowsTableModel
from ui.texts import TextBinder

PROBLEM_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b6e20;"

# (field, catalog key of the label)
TEAM_FIELDS = (("class_name", "teams.field.class"), ("name", "teams.field.team"))
MEMBER_FIELDS = (
    ("name", "teams.field.name"),
    ("student_no", "teams.field.student_no"),
    ("phone", "teams.field.phone"),
)


class _FieldsDialog(QDialog):
    """Line edits with a problem line under each, re-checked on every change; OK only when
    there is no problem."""

    def __init__(
        self,
        title_key: str,
        fields: tuple[tuple[str, str], ...],
        check: Callable[[dict[str, str]], list[FieldProblem]],
        values: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.texts = TextBinder()
        self.texts.bind(self.setWindowTitle, title_key)
        self._check = check
        self.form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        self.problem_labels: dict[str, QLabel] = {}
        for name, label_key in fields:
            edit = QLineEdit((values or {}).get(name, ""))
            edit.setObjectName(f"field_{name}")
            edit.setMinimumWidth(280)
            edit.textChanged.connect(self.recheck)
            problem = QLabel()
            problem.setObjectName(f"problem_{name}")
            problem.setStyleSheet(PROBLEM_STYLE)
            problem.setWordWrap(True)
            problem.hide()
            label = QLabel()
            self.texts.bind(label.setText, label_key)
            self.form.addRow(label, edit)
            self.form.addRow("", problem)
            self.edits[name] = edit
            self.problem_labels[name] = problem
        self.other_problems = QLabel()
        self.other_problems.setStyleSheet(PROBLEM_STYLE)
        self.other_problems.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        # Qt's own button texts stay English without Qt translations: label them ourselves
        self.texts.bind(self.ok_button.setText, "teams.dialog.ok")
        self.texts.bind(
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText, "common.cancel"
        )
        self.buttons.accepted.connect(self._accept_if_clean)
        self.buttons.rejected.connect(self.reject)
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.other_problems)
        layout.addWidget(self.buttons)

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def values(self) -> dict[str, str]:
        return {name: edit.text() for name, edit in self.edits.items()}

    def recheck(self) -> list[FieldProblem]:
        problems = self._check(self.values())
        by_field: dict[str, list] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        for name, label in self.problem_labels.items():
            # an untouched empty field shows its problem only after typing or pressing OK
            reasons = by_field.pop(name, [])
            touched = self.edits[name].isModified() or self.edits[name].text()
            label.setText(join_reasons(reasons))
            label.setVisible(bool(reasons) and bool(touched))
        rest = [render(m) for messages in by_field.values() for m in messages]
        self.other_problems.setText("\n".join(rest))
        self.other_problems.setVisible(bool(rest))
        self.ok_button.setEnabled(not problems)
        # grow with the wrapped problem lines instead of clipping them
        self.layout().activate()
        self.adjustSize()
        return problems

    def _accept_if_clean(self) -> None:
        if not self.recheck():
            self.accept()
        else:
            for label in self.problem_labels.values():
                label.setVisible(bool(label.text()))

    def show_refusal(self, problems: list[FieldProblem]) -> None:
        """The domain refused on OK after all (e.g. the number was taken meanwhile)."""
        for problem in problems:
            label = self.problem_labels.get(problem.field)
            if label is not None:
                label.setText(render(problem.message))
                label.show()
            else:
                self.other_problems.setText(render(problem.message))
                self.other_problems.show()


class TeamDialog(_FieldsDialog):
    def __init__(self, check, values=None, parent=None, title_key="teams.dialog.add_team"):
        super().__init__(title_key, TEAM_FIELDS, check, values, parent)
        self.recheck()


class MemberDialog(_FieldsDialog):
    """Name, student number, phone and role; the team's resulting status is shown live."""

    def __init__(
        self,
        check,
        values=None,
        parent=None,
        title_key="teams.dialog.add_member",
        team_preview: Callable[[str], str] | None = None,
    ) -> None:
        super().__init__(title_key, MEMBER_FIELDS, check, values, parent)
        self.role_box = QComboBox()
        self.role_box.setObjectName("field_role")
        for role in ROLES:
            self.role_box.addItem(tr(f"competition.role.{role}"), role)
        self.role_box.setCurrentIndex(
            max(0, self.role_box.findData((values or {}).get("role", "member")))
        )
        role_label = QLabel()
        self.texts.bind(role_label.setText, "teams.field.role")
        self.form.addRow(role_label, self.role_box)
        self.team_preview = QLabel()
        self.team_preview.setWordWrap(True)
        self.form.addRow("", self.team_preview)
        self._team_preview = team_preview
        self.role_box.currentIndexChanged.connect(lambda _i: self.recheck())
        self.recheck()

    def values(self) -> dict[str, str]:
        values = super().values()
        values["role"] = self.role_box.currentData() if hasattr(self, "role_box") else "member"
        return values

    def recheck(self) -> list[FieldProblem]:
        problems = super().recheck()
        preview = getattr(self, "_team_preview", None)
        if preview is not None:
            text, ok = preview(self.values()["role"])
            self.team_preview.setText(text)
            self.team_preview.setStyleSheet(OK_STYLE if ok else PROBLEM_STYLE)
        return problems


class ImportPreviewDialog(QDialog):
    """What the file would create, and every problem with its row; Import only when clean."""

    def __init__(self, plan: RosterImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(tr("teams.import.preview_title", file=plan.path.name))
        self.resize(760, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.teams_model: RowsTableModel[PlannedTeam] = RowsTableModel(
            [
                Column("competition.column.class", lambda t: t.class_name),
                Column("competition.column.team", lambda t: t.name),
                Column("teams.import.col_new_members", lambda t: len(t.members), align_right=True),
                Column(
                    "teams.import.col_kind",
                    lambda t: (
                        tr("teams.import.existing_team", count=t.existing_members)
                        if t.existing_id
                        else tr("teams.import.new_team")
                    ),
                ),
            ]
        )
        self.teams_model.set_rows(plan.teams)
        self.teams_view = _table(self.teams_model)
        self.problems_model: RowsTableModel[ImportProblem] = RowsTableModel(
            [
                Column("teams.import.col_row", lambda p: p.row or "", align_right=True),
                Column("teams.import.col_problem", lambda p: render(p.message)),
            ]
        )
        self.problems_model.set_rows(plan.problems)
        self.problems_view = _table(self.problems_model)
        if plan.ok:
            self.summary.setText(
                tr(
                    "teams.import.ready",
                    teams=plan.new_teams,
                    members=plan.new_members,
                    file=plan.path.name,
                )
            )
            self.summary.setStyleSheet(OK_STYLE)
            layout.addWidget(self.teams_view, 1)
            self.problems_view.hide()
        else:
            self.summary.setText(
                tr("teams.import.blocked", count=len(plan.problems), file=plan.path.name)
            )
            self.summary.setStyleSheet(PROBLEM_STYLE)
            layout.addWidget(self.problems_view, 2)
            layout.addWidget(self.teams_view, 1)
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            tr("teams.import.do_import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(plan.ok)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("teams.dialog.close"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


def _table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().hide()
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideNone)
    return view
