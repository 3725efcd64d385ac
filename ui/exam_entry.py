"""The answer entry tab: type student number, version and answer string; everything is checked
as it is typed; Enter saves the sheet and moves to the next one. Answers can also be imported
from CSV/XLSX (all or nothing)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.exam.answers import (
    AnswerError,
    check_sheet,
    delete_sheet,
    format_answers,
    import_answers,
    list_sheets,
    preview_answers,
    save_sheet,
    sheet_for,
)
from outreach.exam.exams import Exam
from outreach.exam.grading import grade_sheets
from outreach.exam.papers import papers
from outreach.i18n import join_clauses, tr
from outreach.spreadsheets import TableError
from ui.exam_dialogs import ERROR_STYLE, OK_STYLE, monospace
from ui.table_models import ROW_ROLE, SORT_ROLE, Column, RowsTableModel

WARNING_STYLE = "color: #8a5a00; font-weight: bold;"

FIELD_ERROR = "QLineEdit { border: 2px solid #b00020; }"


@dataclass(frozen=True)
class SheetRow:
    member_id: str
    student_no: str
    name: str
    team: str
    version: str
    answers: str
    score: int
    max_score: int
    source: str
    updated_at: str


class AnswerEntryView(QWidget):
    def __init__(self, context, page, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.page = page
        self.exam: Exam | None = None
        self.papers_cache: dict = {}
        # the paper version last typed for each exam: switching to (or creating) another exam
        # kept the letter of the one left, and B sheets were keyed against the wrong exam's B
        self._letters: dict[str, str] = {}
        layout = QVBoxLayout(self)
        self.help_label = QLabel()
        self.help_label.setWordWrap(True)
        self.help_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.help_label)

        grid = QGridLayout()
        self.student_label = QLabel()
        self.version_label = QLabel()
        self.answer_label = QLabel()
        self.student_edit = QLineEdit()
        self.version_edit = QLineEdit()
        self.version_edit.setMaxLength(1)
        self.version_edit.setFixedWidth(48)
        self.answer_edit = QLineEdit()
        monospace(self.answer_edit)
        monospace(self.student_edit, 12)
        grid.addWidget(self.student_label, 0, 0)
        grid.addWidget(self.version_label, 0, 1)
        grid.addWidget(self.answer_label, 0, 2)
        grid.addWidget(self.student_edit, 1, 0)
        grid.addWidget(self.version_edit, 1, 1)
        grid.addWidget(self.answer_edit, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 4)
        layout.addLayout(grid)
        self.who_label = QLabel()
        self.check_label = QLabel()
        self.check_label.setWordWrap(True)
        self.key_label = QLabel()
        monospace(self.key_label, 10)
        layout.addWidget(self.who_label)
        layout.addWidget(self.check_label)
        layout.addWidget(self.key_label)

        self.model: RowsTableModel[SheetRow] = RowsTableModel(
            [
                Column("exam.entry.col.student_no", lambda r: r.student_no),
                Column("exam.entry.col.name", lambda r: r.name),
                Column("exam.entry.col.team", lambda r: r.team),
                Column("exam.entry.col.version", lambda r: r.version),
                Column("exam.entry.col.answers", lambda r: r.answers),
                Column(
                    "exam.entry.col.score",
                    lambda r: f"{r.score}/{r.max_score}",
                    sort_key=lambda r: r.score,
                    align_right=True,
                ),
                Column(
                    "exam.entry.col.source",
                    lambda r: tr("exam.entry.source_typed") if r.source == "typed" else r.source,
                ),
            ],
            self,
        )
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == 4
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _i: self.load_selected())
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel()
        self.delete_button = QPushButton()
        self.import_button = QPushButton()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.import_button)
        layout.addLayout(buttons)

        self.student_edit.returnPressed.connect(self._student_entered)
        self.version_edit.returnPressed.connect(self.answer_edit.setFocus)
        self.answer_edit.returnPressed.connect(self.save_current)
        for edit in (self.student_edit, self.version_edit, self.answer_edit):
            edit.textChanged.connect(self.recheck)
        self.version_edit.textEdited.connect(lambda text: self.version_edit.setText(text.upper()))
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_file)
        self.retranslate()

    def retranslate(self) -> None:
        self.help_label.setText(tr("exam.entry.help"))
        self.student_label.setText(tr("exam.entry.student_no"))
        self.version_label.setText(tr("exam.entry.version"))
        self.answer_label.setText(tr("exam.entry.answers"))
        self.delete_button.setText(tr("exam.entry.delete"))
        self.import_button.setText(tr("exam.entry.import"))
        self.model.retranslate()
        self.recheck()
        self._update_count()

    def show_exam(self, exam: Exam | None) -> None:
        previous = self.exam
        if previous is not None:
            self._letters[previous.id] = self.version_edit.text()
        switched = exam is None or previous is None or exam.id != previous.id
        if switched:
            self.version_edit.setText(self._letters.get(exam.id, "") if exam else "")
        self.exam = exam
        self.papers_cache = {}
        for widget in (self.student_edit, self.version_edit, self.answer_edit, self.import_button):
            widget.setEnabled(exam is not None)
        rows: list[SheetRow] = []
        if exam is not None:
            db = self.context.db
            people = {
                row[0]: row[1:]
                for row in db.execute(
                    "SELECT m.id, m.student_no, m.name, t.name FROM members m JOIN teams t ON t.id = m.team_id"
                )
            }
            versions = papers(db, exam.id)
            sheets = list_sheets(db, exam.id)
            for graded in grade_sheets(exam, versions, sheets):
                sheet = graded.sheet
                student_no, name, team = people.get(sheet.member_id, ("?", "?", "?"))
                rows.append(
                    SheetRow(
                        sheet.member_id,
                        student_no,
                        name,
                        team,
                        sheet.version,
                        format_answers(versions[sheet.version].items, graded.responses),
                        graded.total,
                        graded.max_score,
                        sheet.source,
                        sheet.updated_at,
                    )
                )
            letter = self.version_edit.text()
            if versions and (not letter or (switched and letter not in versions)):
                self.version_edit.setText(next(iter(versions)))
        self.model.set_rows(rows)
        self._update_count()
        self.recheck()

    def _update_count(self) -> None:
        total = 0
        if self.context.programme is not None and self.exam is not None:
            total = self.context.db.execute("SELECT count(*) FROM members").fetchone()[0]
        self.count_label.setText(tr("exam.entry.count", entered=self.model.rowCount(), total=total))

    # -- typing
    def _student_entered(self) -> None:
        # Always through the version, selected: Enter keeps it, a letter replaces it. Skipping
        # it when filled sent a B paper's answers (typed after "B") into the answer string,
        # or graded a B paper against the A key when the typist forgot to go back.
        self.version_edit.setFocus()
        self.version_edit.selectAll()

    def current_check(self):
        if self.exam is None:
            return None, "", None, []
        return check_sheet(
            self.context.db,
            self.exam.id,
            self.student_edit.text(),
            self.version_edit.text(),
            self.answer_edit.text(),
            self.papers_cache,
        )

    def recheck(self) -> bool:
        """Show who the student is, how far the answer string has got, and every problem."""
        # no programme: while a restore swaps the file, show_exam(None) clears the version
        # box (which rechecks) before it forgets the exam
        if self.exam is None or self.context.programme is None:
            self.who_label.setText(tr("exam.no_exam"))
            self.check_label.setText("")
            self.key_label.setText("")
            return False
        member, letter, parsed, problems = self.current_check()
        student = self.student_edit.text().strip()
        if member is not None:
            team = self.context.db.execute(
                "SELECT name FROM teams WHERE id = ?", [member.team_id]
            ).fetchone()
            who = tr("exam.entry.who", name=member.name, team=team[0] if team else "")
            # A mistyped student number must not replace someone else's sheet unnoticed.
            entered = sheet_for(self.context.db, self.exam.id, member.id) is not None
            if entered:
                who += " " + tr("exam.entry.already")
            self.who_label.setText(who)
            self.who_label.setStyleSheet(WARNING_STYLE if entered else OK_STYLE)
        else:
            self.who_label.setText(tr("exam.entry.unknown", student_no=student) if student else "")
            self.who_label.setStyleSheet(ERROR_STYLE)
        self.student_edit.setStyleSheet(FIELD_ERROR if student and member is None else "")
        version_paper = self.papers_cache.get(letter)
        self.version_edit.setStyleSheet(
            FIELD_ERROR if self.version_edit.text() and version_paper is None else ""
        )
        typed = self.answer_edit.text()
        answer_problems = [p for p in (parsed.problems if parsed else [])]
        # while typing, "too short" is progress, not an error
        shown = [p for p in answer_problems if p.message.key != "exam.answers.error.too_short"]
        self.answer_edit.setStyleSheet(FIELD_ERROR if typed and shown else "")
        if version_paper is not None:
            given = sum(1 for r in parsed.responses if r) if parsed else 0
            progress = tr(
                "exam.entry.progress",
                done=self._answered_count(parsed, typed),
                total=len(version_paper.items),
                answered=given,
            )
            self.key_label.setText(tr("exam.entry.layout", layout=self._layout_hint(version_paper)))
        else:
            progress = ""
            self.key_label.setText("")
        if shown:
            self.check_label.setStyleSheet(ERROR_STYLE)
            self.check_label.setText(
                tr(
                    "exam.entry.progress_problems",
                    progress=progress,
                    problems=join_clauses(str(p.message) for p in shown),
                )
            )
        else:
            self.check_label.setStyleSheet(OK_STYLE if not problems else "")
            self.check_label.setText(progress + ("　✓" if not problems else ""))
        return not problems

    @staticmethod
    def _answered_count(parsed, typed: str) -> int:
        if parsed is None or not typed.strip():
            return 0
        too_short = next(
            (p for p in parsed.problems if p.message.key == "exam.answers.error.too_short"), None
        )
        return too_short.message.params["given"] if too_short else len(parsed.responses)

    @staticmethod
    def _layout_hint(version_paper) -> str:
        """e.g. "1–12 单选 · 13–18 多选 · 19–29 判断" so the typist knows where separators go."""
        parts = []
        for kind, items in version_paper.sections():
            parts.append(f"{items[0].number}–{items[-1].number} {tr(f'exam.kind.{kind}')}")
        return " · ".join(parts)

    def save_current(self) -> bool:
        if self.exam is None:
            return False
        try:
            sheet = save_sheet(
                self.context.db,
                self.exam.id,
                self.student_edit.text(),
                self.version_edit.text(),
                self.answer_edit.text(),
            )
        except AnswerError:
            self.recheck()
            return False
        self.context.status.emit(
            tr(
                "exam.entry.saved",
                student_no=self.student_edit.text().strip(),
                version=sheet.version,
            )
        )
        self.student_edit.clear()
        self.answer_edit.clear()
        self.show_exam(self.exam)
        self.student_edit.setFocus()
        self.context.notify("exam")
        self.page.results_changed()
        return True

    def load_selected(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return
        row: SheetRow = self.proxy.data(indexes[0], ROW_ROLE)
        self.student_edit.setText(row.student_no)
        self.version_edit.setText(row.version)
        self.answer_edit.setText(row.answers)
        self.answer_edit.setFocus()

    def delete_selected(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes or self.exam is None:
            return
        row: SheetRow = self.proxy.data(indexes[0], ROW_ROLE)
        if (
            QMessageBox.question(
                self, tr("exam.entry.delete"), tr("exam.entry.delete_confirm", name=row.name)
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        delete_sheet(self.context.db, self.exam.id, row.member_id)
        self.show_exam(self.exam)
        self.context.notify("exam")
        self.page.results_changed()

    def import_file(self, path: str | None = None) -> bool:
        if self.exam is None:
            return False
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("exam.entry.import"), "", tr("exam.export_filter")
            )
        if not path:
            return False
        try:
            preview = preview_answers(self.context.db, self.exam.id, Path(path))
        except TableError as error:
            QMessageBox.warning(self, tr("exam.entry.import"), str(error.message))
            return False
        if not preview.ok:
            texts = preview.problem_texts()
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                tr("exam.entry.import"),
                tr("exam.cli.nothing_imported", problems=len(texts)),
                parent=self,
            )
            box.setDetailedText("\n".join(texts))
            box.setInformativeText("\n".join(texts[:8]))
            self.last_message = box
            box.exec()
            return False
        question = tr(
            "exam.entry.import_confirm", count=len(preview.rows), replaced=preview.replaced
        )
        if (
            QMessageBox.question(self, tr("exam.entry.import"), question)
            != QMessageBox.StandardButton.Yes
        ):
            return False
        self.context.programme.backup("before-import")
        count = import_answers(self.context.db, self.exam.id, preview)
        self.show_exam(self.exam)
        self.context.notify("exam")
        self.page.results_changed()
        self.context.status.emit(
            tr(
                "exam.cli.answers_imported",
                count=count,
                graded=self.model.rowCount(),
                name=self.exam.name,
            )
        )
        return True
