"""The results tab: people ranked (ties shared), team standings, finalists with the cut-line tie
and its settlement, and per-question statistics (voiding a question regrades everyone)."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach.exam.exams import Exam, restore_question, void_question
from outreach.exam.grading import QuestionStatistic
from outreach.exam.results import (
    IN,
    TIED,
    FinalistEntry,
    FinalistError,
    Finalists,
    PersonResult,
    TeamStanding,
    absent_members,
    clear_settlement,
    exam_statistics,
    export_results,
    export_standings,
    finalists,
    person_results,
    settle_finalists,
    team_standings,
)
from outreach.i18n import tr
from outreach.spreadsheets import TableError
from ui.exam_dialogs import ERROR_STYLE, OK_STYLE, SettleDialog, kind_text
from ui.file_dialogs import ask_save_path
from ui.table_models import ROW_ROLE, SORT_ROLE, Column, RowsTableModel


def _rank(rank: int, tied: bool) -> str:
    return tr("exam.results.tied_rank", rank=rank) if tied else str(rank)


def _table(model, stretch: int) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setVisible(False)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    return view, proxy


def _fit(view: QTableView, stretch: int) -> None:
    """Columns as wide as their contents, the long text column taking the rest."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        if column != stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)


class ResultsView(QWidget):
    def __init__(self, context, page, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.page = page
        self.exam: Exam | None = None
        self.current_finalists: Finalists | None = None
        layout = QVBoxLayout(self)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        self.people_model: RowsTableModel[PersonResult] = RowsTableModel(
            [
                Column(
                    "exam.results.col.rank",
                    lambda r: _rank(r.rank, r.tied),
                    sort_key=lambda r: r.rank,
                ),
                Column("exam.entry.col.name", lambda r: r.name),
                Column("exam.entry.col.student_no", lambda r: r.student_no),
                Column("exam.results.col.class", lambda r: r.class_name),
                Column("exam.entry.col.team", lambda r: r.team_name),
                Column("exam.entry.col.version", lambda r: r.version),
                Column("exam.entry.col.score", lambda r: r.score, align_right=True),
            ],
            self,
        )
        self.people_view, self.people_proxy = _table(self.people_model, 4)
        self.teams_model: RowsTableModel[TeamStanding] = RowsTableModel(
            [
                Column(
                    "exam.results.col.rank",
                    lambda s: _rank(s.rank, s.tied),
                    sort_key=lambda s: s.rank,
                ),
                Column("exam.results.col.class", lambda s: s.class_name),
                Column("exam.entry.col.team", lambda s: s.team_name),
                Column("exam.results.col.team_score", lambda s: s.score, align_right=True),
                Column("exam.results.col.counted", lambda s: len(s.counted), align_right=True),
                Column("exam.results.col.sheets", lambda s: s.sheets, align_right=True),
            ],
            self,
        )
        self.teams_view, self.teams_proxy = _table(self.teams_model, 2)

        finalist_tab = QWidget()
        finalist_layout = QVBoxLayout(finalist_tab)
        self.finalist_label = QLabel()
        self.finalist_label.setWordWrap(True)
        finalist_layout.addWidget(self.finalist_label)
        self.finalist_model: RowsTableModel[FinalistEntry] = RowsTableModel(
            [
                Column("exam.results.col.rank", lambda e: e.rank, align_right=True),
                Column("exam.results.col.entry", lambda e: e.label),
                Column("exam.results.col.class", lambda e: e.class_name),
                Column("exam.entry.col.score", lambda e: e.score, align_right=True),
                Column(
                    "exam.results.col.status",
                    lambda e: (
                        tr(f"exam.finalists.status.{e.status}")
                        + (tr("exam.finalists.by_settlement") if e.settled else "")
                    ),
                    colour=lambda e: {IN: "#1b5e20", TIED: "#b00020"}.get(e.status),
                ),
            ],
            self,
        )
        self.finalist_view, finalist_proxy = _table(self.finalist_model, 1)
        self.finalist_view.setSortingEnabled(False)
        finalist_proxy.sort(-1)  # the rule's order: best first
        finalist_layout.addWidget(self.finalist_view, 1)
        finalist_buttons = QHBoxLayout()
        self.settle_button = QPushButton()
        self.unsettle_button = QPushButton()
        finalist_buttons.addWidget(self.settle_button)
        finalist_buttons.addWidget(self.unsettle_button)
        finalist_buttons.addStretch(1)
        finalist_layout.addLayout(finalist_buttons)

        stats_tab = QWidget()
        stats_layout = QVBoxLayout(stats_tab)
        self.stats_label = QLabel()
        self.stats_label.setWordWrap(True)
        stats_layout.addWidget(self.stats_label)
        self.stats_model: RowsTableModel[QuestionStatistic] = RowsTableModel(
            [
                Column("exam.setup.col.position", lambda s: s.position, align_right=True),
                Column("exam.bank.col.kind", lambda s: kind_text(s.kind)),
                Column("exam.bank.col.stem", lambda s: s.stem.replace("\n", " ")),
                Column("exam.bank.col.answer", lambda s: s.answer),
                Column(
                    "exam.results.col.correct",
                    lambda s: f"{s.share_correct:.0%}",
                    sort_key=lambda s: s.share_correct,
                    align_right=True,
                    colour=lambda s: "#b00020" if s.suspicious else None,
                ),
                Column(
                    "exam.results.col.discrimination",
                    lambda s: f"{s.discrimination:+.2f}",
                    sort_key=lambda s: s.discrimination,
                    align_right=True,
                    colour=lambda s: "#b00020" if s.suspicious else None,
                ),
                Column("exam.results.col.choices", self._choices),
                Column(
                    "exam.setup.col.voided",
                    lambda s: tr("exam.results.voided") if s.voided else "",
                    colour=lambda s: "#b00020" if s.voided else None,
                ),
            ],
            self,
        )
        self.stats_view, self.stats_proxy = _table(self.stats_model, 2)
        stats_layout.addWidget(self.stats_view, 1)
        stats_buttons = QHBoxLayout()
        self.void_button = QPushButton()
        stats_buttons.addWidget(self.void_button)
        stats_buttons.addStretch(1)
        stats_layout.addLayout(stats_buttons)

        for view, stretch in (
            (self.people_view, 4),
            (self.teams_view, 2),
            (self.finalist_view, 1),
            (self.stats_view, 2),
        ):
            _fit(view, stretch)
        self.tabs.addTab(self.people_view, "")
        self.tabs.addTab(self.teams_view, "")
        self.tabs.addTab(finalist_tab, "")
        self.tabs.addTab(stats_tab, "")
        exports = QHBoxLayout()
        exports.addStretch(1)
        self.export_results_button = QPushButton()
        self.export_standings_button = QPushButton()
        exports.addWidget(self.export_results_button)
        exports.addWidget(self.export_standings_button)
        layout.addLayout(exports)

        self.settle_button.clicked.connect(self.settle)
        self.unsettle_button.clicked.connect(self.unsettle)
        self.void_button.clicked.connect(self.toggle_void)
        self.stats_view.selectionModel().selectionChanged.connect(
            lambda *_: self._update_void_button()
        )
        self.export_results_button.clicked.connect(lambda: self.export("results"))
        self.export_standings_button.clicked.connect(lambda: self.export("standings"))
        self.retranslate()

    @staticmethod
    def _choices(stat: QuestionStatistic) -> str:
        parts = []
        for choice in sorted(stat.choices, key=lambda c: (c == "", c)):
            label = choice or tr("exam.results.blank")
            parts.append(f"{label}:{stat.choices[choice]}")
        return "  ".join(parts)

    def retranslate(self) -> None:
        for index, key in enumerate(
            (
                "exam.results.tab.people",
                "exam.results.tab.teams",
                "exam.results.tab.finalists",
                "exam.results.tab.stats",
            )
        ):
            self.tabs.setTabText(index, tr(key))
        self.settle_button.setText(tr("exam.finalists.settle"))
        self.unsettle_button.setText(tr("exam.finalists.unsettle"))
        self.export_results_button.setText(tr("exam.results.export_results"))
        self.export_standings_button.setText(tr("exam.results.export_standings"))
        self.stats_label.setText(tr("exam.results.stats_help"))
        for model in (self.people_model, self.teams_model, self.finalist_model, self.stats_model):
            model.retranslate()
        self.show_exam(self.exam)

    def show_exam(self, exam: Exam | None) -> None:
        self.exam = exam
        has = exam is not None
        for widget in (self.export_results_button, self.export_standings_button):
            widget.setEnabled(has)
        if exam is None or self.context.programme is None:
            for model in (
                self.people_model,
                self.teams_model,
                self.finalist_model,
                self.stats_model,
            ):
                model.set_rows([])
            self.summary_label.setText(tr("exam.no_exam"))
            self.finalist_label.setText("")
            self.settle_button.setEnabled(False)
            self.unsettle_button.setEnabled(False)
            return
        db = self.context.db
        people = person_results(db, exam.id)
        self.people_model.set_rows(people)
        self.teams_model.set_rows(team_standings(db, exam.id))
        self.stats_model.set_rows(exam_statistics(db, exam.id))
        absent = absent_members(db, exam.id)
        best = people[0].score if people else 0
        average = sum(p.score for p in people) / len(people) if people else 0
        self.summary_label.setText(
            tr(
                "exam.results.summary",
                graded=len(people),
                absent=len(absent),
                best=best,
                average=f"{average:.1f}",
                maximum=people[0].max_score if people else 0,
            )
        )
        result = finalists(db, exam.id)
        self.current_finalists = result
        self.finalist_model.set_rows(result.entries)
        rule = tr(f"exam.finalists.rule.{result.mode}", count=result.count)
        if result.needs_settlement:
            self.finalist_label.setStyleSheet(ERROR_STYLE)
            self.finalist_label.setText(
                rule
                + "　"
                + tr("exam.finalists.tie", tied=len(result.tied_ids), slots=result.slots_for_tied)
            )
        elif result.settled:
            self.finalist_label.setStyleSheet(OK_STYLE)
            self.finalist_label.setText(
                rule + "　" + tr("exam.finalists.settled", note=result.note or "-")
            )
        else:
            self.finalist_label.setStyleSheet(OK_STYLE if result.entries else "")
            self.finalist_label.setText(
                rule + "　" + tr("exam.finalists.clear", count=len(result.finalist_ids))
            )
        self.settle_button.setEnabled(bool(result.tied_ids))
        self.unsettle_button.setEnabled(result.settled)
        self._update_void_button()

    def _selected_stat(self) -> QuestionStatistic | None:
        indexes = self.stats_view.selectionModel().selectedRows()
        return self.stats_proxy.data(indexes[0], ROW_ROLE) if indexes else None

    def _update_void_button(self) -> None:
        stat = self._selected_stat()
        self.void_button.setEnabled(stat is not None)
        self.void_button.setText(
            tr("exam.setup.restore" if stat is not None and stat.voided else "exam.setup.void")
        )

    def toggle_void(self) -> None:
        stat = self._selected_stat()
        if stat is None or self.exam is None:
            return
        if stat.voided:
            restore_question(self.context.db, self.exam.id, stat.position)
        else:
            reason, ok = QInputDialog.getText(
                self, tr("exam.setup.void"), tr("exam.setup.void_reason")
            )
            if not ok:
                return
            void_question(self.context.db, self.exam.id, stat.position, reason.strip())
        self.context.notify("exam")
        self.page.reload(select=self.exam.id)

    def settle(self) -> None:
        result = self.current_finalists
        if result is None or not result.tied_ids or self.exam is None:
            return
        dialog = SettleDialog(result, self)
        if not dialog.exec():
            return
        try:
            settle_finalists(
                self.context.db, self.exam.id, dialog.chosen_ids(), dialog.note_edit.text().strip()
            )
        except FinalistError as error:
            QMessageBox.warning(self, tr("exam.finalists.settle_title"), str(error.message))
            return
        self.context.notify("exam")
        self.show_exam(self.exam)

    def unsettle(self) -> None:
        if self.exam is None:
            return
        clear_settlement(self.context.db, self.exam.id)
        self.context.notify("exam")
        self.show_exam(self.exam)

    def export(self, what: str, path: str | None = None) -> int:
        if self.exam is None:
            return 0
        if not path:
            default = f"{self.exam.name}-{tr(f'exam.results.file_{what}')}.xlsx"
            path = ask_save_path(
                self, tr("exam.results.export_results"), default, "exam.export_filter"
            )
        if not path:
            return 0
        writer = export_results if what == "results" else export_standings
        try:
            rows = writer(self.context.db, path, self.exam)
        except TableError as error:
            QMessageBox.warning(self, tr("exam.results.export_results"), str(error.message))
            return 0
        self.context.status.emit(tr("cli.export.done", rows=rows, file=path))
        return rows
