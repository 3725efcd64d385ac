"""The exam set-up tab: settings, the questions on the paper (picked or drawn), voiding,
versions and printing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.exam.exam_print import print_answer_keys, print_papers, student_no_boxes
from outreach.exam.exams import (
    FINALIST_MODES,
    MULTIPLE_MODES,
    Exam,
    ExamError,
    ExamQuestion,
    draw_questions,
    exam_questions,
    has_answers,
    max_score,
    restore_question,
    save_exam,
    set_exam_questions,
    void_question,
)
from outreach.exam.papers import list_versions, make_versions, papers
from outreach.exam.questions import KINDS, list_questions, topics
from outreach.i18n import tr, tr_in
from ui.exam_dialogs import DrawDialog, PickQuestionsDialog, difficulty_text, kind_text
from ui.file_dialogs import save_file_name
from ui.print_language import PrintLanguageBox
from ui.table_models import ROW_ROLE, Column, RowsTableModel
from ui.tasks import run_task


def _spin(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    return box


class ExamSetupView(QWidget):
    def __init__(self, context, page, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.page = page  # the ExamPage: knows the current exam
        self.exam: Exam | None = None
        self._exam_db = None  # the database self.exam was read from
        self.last_task = None
        layout = QHBoxLayout(self)

        # settings
        self.settings_box = QGroupBox()
        form = QFormLayout(self.settings_box)
        self.name_edit = QLineEdit()
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText("2026-10-17")
        self.duration_spin = _spin(1, 600)
        self.points_spins = {kind: _spin(0, 100) for kind in KINDS}
        self.mode_box = QComboBox()
        # the longest choice shows whole (in English it was cut to "Partial credit for a c…")
        self.mode_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.partial_spin = _spin(0, 100)
        self.finalist_mode_box = QComboBox()
        self.finalist_mode_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.finalist_count_spin = _spin(0, 500)
        self.best_of_spin = _spin(1, 20)
        self.instructions_edit = QPlainTextEdit()
        self.instructions_edit.setFixedHeight(70)
        self.form_labels: list[tuple[QLabel, str]] = []

        def row(key: str, widget: QWidget) -> None:
            label = QLabel()
            self.form_labels.append((label, key))
            form.addRow(label, widget)

        row("exam.setup.name", self.name_edit)
        row("exam.setup.date", self.date_edit)
        row("exam.setup.duration", self.duration_spin)
        for kind in KINDS:
            row(f"exam.setup.points.{kind}", self.points_spins[kind])
        row("exam.setup.multiple_mode", self.mode_box)
        row("exam.setup.partial_points", self.partial_spin)
        row("exam.setup.finalist_mode", self.finalist_mode_box)
        row("exam.setup.finalist_count", self.finalist_count_spin)
        row("exam.setup.best_of", self.best_of_spin)
        row("exam.setup.instructions", self.instructions_edit)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_settings)
        form.addRow("", self.save_button)
        self.mode_box.currentIndexChanged.connect(
            lambda: self.partial_spin.setEnabled(self.mode_box.currentData() == "partial")
        )
        layout.addWidget(self.settings_box, 0)

        # questions, versions, printing
        right = QVBoxLayout()
        self.paper_label = QLabel()
        self.paper_label.setWordWrap(True)
        right.addWidget(self.paper_label)
        self.model: RowsTableModel[ExamQuestion] = RowsTableModel(
            [
                Column("exam.setup.col.position", lambda q: q.position, align_right=True),
                Column("exam.bank.col.kind", lambda q: kind_text(q.question.kind)),
                Column("exam.bank.col.stem", lambda q: q.question.stem.replace("\n", " ")),
                Column("exam.bank.col.answer", lambda q: q.question.answer),
                Column("exam.bank.col.topic", lambda q: q.question.topic),
                Column(
                    "exam.bank.col.difficulty", lambda q: difficulty_text(q.question.difficulty)
                ),
                Column(
                    "exam.setup.col.voided",
                    lambda q: tr("exam.setup.voided_yes", reason=q.void_reason) if q.voided else "",
                    colour=lambda q: "#b00020" if q.voided else None,
                ),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in range(self.model.columnCount()):
            header.setSectionResizeMode(
                column,
                QHeaderView.ResizeMode.Stretch
                if column == 2
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.table.verticalHeader().setVisible(False)
        right.addWidget(self.table, 1)
        question_buttons = QHBoxLayout()
        self.pick_button = QPushButton()
        self.draw_button = QPushButton()
        self.void_button = QPushButton()
        for button in (self.pick_button, self.draw_button, self.void_button):
            question_buttons.addWidget(button)
        question_buttons.addStretch(1)
        right.addLayout(question_buttons)
        version_row = QHBoxLayout()
        self.versions_label = QLabel()
        self.versions_spin = _spin(1, 26)
        self.versions_button = QPushButton()
        self.print_button = QPushButton()
        self.key_button = QPushButton()
        version_row.addWidget(self.versions_label)
        version_row.addWidget(self.versions_spin)
        version_row.addWidget(self.versions_button)
        version_row.addStretch(1)
        self.print_language = PrintLanguageBox(context)
        version_row.addWidget(self.print_language)
        version_row.addWidget(self.print_button)
        version_row.addWidget(self.key_button)
        right.addLayout(version_row)
        self.versions_info = QLabel()
        self.versions_info.setWordWrap(True)
        right.addWidget(self.versions_info)
        layout.addLayout(right, 1)

        self.pick_button.clicked.connect(self.pick)
        self.draw_button.clicked.connect(self.draw)
        self.void_button.clicked.connect(self.toggle_void)
        self.versions_button.clicked.connect(self.build_versions)
        self.print_button.clicked.connect(lambda: self.print_pdf("papers"))
        self.key_button.clicked.connect(lambda: self.print_pdf("keys"))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_void_button())
        self.retranslate()

    def retranslate(self) -> None:
        self.settings_box.setTitle(tr("exam.setup.settings"))
        for label, key in self.form_labels:
            label.setText(tr(key))
        for box, values, prefix in (
            (self.mode_box, MULTIPLE_MODES, "exam.setup.mode."),
            (self.finalist_mode_box, FINALIST_MODES, "exam.setup.finalists."),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for value in values:
                box.addItem(tr(prefix + value), value)
            box.setCurrentIndex(max(box.findData(current), 0))
            box.blockSignals(False)
            box.setMinimumWidth(0)
            box.setMinimumWidth(box.sizeHint().width())  # the longest choice shows whole
        self.save_button.setText(tr("exam.setup.save"))
        self.pick_button.setText(tr("exam.setup.pick"))
        self.draw_button.setText(tr("exam.setup.draw"))
        self.versions_label.setText(tr("exam.setup.versions"))
        self.versions_button.setText(tr("exam.setup.make_versions"))
        self.print_button.setText(tr("exam.setup.print_papers"))
        self.key_button.setText(tr("exam.setup.print_keys"))
        self.model.retranslate()
        self._update_void_button()
        self.show_exam(self.exam)

    def has_unsaved_settings(self) -> bool:
        """Whether the settings form differs from the exam as saved."""
        return self.exam is not None and self.settings_from_form() != self.exam

    def save_unsaved_settings(self) -> bool:
        """Save the form if it was changed (False: refused, and the person was told why)."""
        return not self.has_unsaved_settings() or self.save_settings()

    def _save_settings_quietly(self) -> None:
        """Keep the settings typed for the exam being left (another exam was chosen)."""
        if self.context.programme is None or self._exam_db is not self.context.db:
            return  # another programme now: never write this one's settings into it
        try:
            saved = save_exam(self.context.db, self.settings_from_form())
        except ExamError as error:
            self._warn(error)
            return
        self.context.status.emit(tr("exam.setup.saved", name=saved.name))

    def show_exam(self, exam: Exam | None) -> None:
        # Settings typed but not saved were dropped by any reload (a pick, a new version,
        # a roster change) or by choosing another exam, and papers printed the old points.
        typed = None
        same_programme = self.context.programme is not None and self._exam_db is self.context.db
        if self.has_unsaved_settings() and same_programme:
            if exam is not None and exam.id == self.exam.id:
                typed = self.settings_from_form()
            else:
                self._save_settings_quietly()
        self.exam = exam
        self._exam_db = self.context.db if self.context.programme is not None else None
        self._show(exam)
        if typed is not None:
            self._fill_form(typed)

    def _fill_form(self, exam: Exam) -> None:
        self.name_edit.setText(exam.name)
        self.date_edit.setText(exam.exam_date)
        self.duration_spin.setValue(exam.duration_minutes)
        for kind in KINDS:
            self.points_spins[kind].setValue(exam.points_for(kind))
        self.mode_box.setCurrentIndex(max(self.mode_box.findData(exam.multiple_mode), 0))
        self.partial_spin.setValue(exam.partial_points)
        self.partial_spin.setEnabled(exam.multiple_mode == "partial")
        self.finalist_mode_box.setCurrentIndex(
            max(self.finalist_mode_box.findData(exam.finalist_mode), 0)
        )
        self.finalist_count_spin.setValue(exam.finalist_count)
        self.best_of_spin.setValue(exam.team_best_of)
        self.instructions_edit.setPlainText(exam.instructions)

    def _show(self, exam: Exam | None) -> None:
        enabled = exam is not None
        for widget in (
            self.settings_box,
            self.pick_button,
            self.draw_button,
            self.versions_button,
            self.print_button,
            self.key_button,
        ):
            widget.setEnabled(enabled)
        if exam is None:
            self.model.set_rows([])
            self.paper_label.setText(tr("exam.no_exam"))
            self.versions_info.setText("")
            return
        self._fill_form(exam)
        db = self.context.db
        questions = exam_questions(db, exam.id)
        self.model.set_rows(questions)
        counts = {kind: sum(1 for q in questions if q.question.kind == kind) for kind in KINDS}
        seed = tr("exam.setup.seed_info", seed=exam.draw_seed) if exam.draw_seed else ""
        locked = has_answers(db, exam.id)
        self.paper_label.setText(
            tr(
                "exam.setup.paper_summary",
                single=counts["single"],
                multiple=counts["multiple"],
                truefalse=counts["truefalse"],
                total=max_score(exam, questions),
            )
            + seed
            + (tr("exam.setup.locked_note") if locked else "")
        )
        self.pick_button.setEnabled(not locked)
        self.draw_button.setEnabled(not locked)
        letters = list_versions(db, exam.id)
        self.versions_spin.setValue(max(len(letters), 1))
        self.versions_info.setText(
            tr("exam.setup.versions_info", letters=", ".join(letters))
            if letters
            else tr("exam.setup.no_versions")
        )
        self._update_void_button()

    def _update_void_button(self) -> None:
        selected = self.selected()
        self.void_button.setEnabled(selected is not None)
        self.void_button.setText(
            tr(
                "exam.setup.restore"
                if selected is not None and selected.voided
                else "exam.setup.void"
            )
        )

    def selected(self) -> ExamQuestion | None:
        indexes = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.data(indexes[0], ROW_ROLE) if indexes else None

    def _warn(self, error: ExamError) -> None:
        QMessageBox.warning(self, tr("exam.setup.title"), "\n".join(str(p) for p in error.problems))

    def _changed(self, exam_id: str | None = None) -> None:
        self.page.reload(select=exam_id or (self.exam.id if self.exam else None))
        self.context.notify("exam")

    def settings_from_form(self) -> Exam:
        base = self.exam or Exam(id="", name="")
        return replace(
            base,
            name=self.name_edit.text().strip(),
            exam_date=self.date_edit.text().strip(),
            duration_minutes=self.duration_spin.value(),
            points_single=self.points_spins["single"].value(),
            points_multiple=self.points_spins["multiple"].value(),
            points_truefalse=self.points_spins["truefalse"].value(),
            multiple_mode=self.mode_box.currentData(),
            partial_points=self.partial_spin.value(),
            finalist_mode=self.finalist_mode_box.currentData(),
            finalist_count=self.finalist_count_spin.value(),
            team_best_of=self.best_of_spin.value(),
            instructions=self.instructions_edit.toPlainText().strip(),
        )

    def save_settings(self) -> bool:
        try:
            saved = save_exam(self.context.db, self.settings_from_form())
        except ExamError as error:
            self._warn(error)
            return False
        # show what was stored (2026年12月4日 is saved as 2026-12-04), not what was typed
        self.exam = saved
        self._fill_form(saved)
        self._changed(saved.id)
        self.context.status.emit(tr("exam.setup.saved", name=saved.name))
        return True

    def pick(self) -> None:
        if self.exam is None or not self.save_unsaved_settings():
            return
        db = self.context.db
        chosen = {q.question.id for q in exam_questions(db, self.exam.id)}
        dialog = PickQuestionsDialog(list_questions(db, reserved=False), chosen, self)
        if not dialog.exec():
            return
        try:
            set_exam_questions(db, self.exam.id, dialog.chosen_ids())
        except ExamError as error:
            self._warn(error)
            return
        self._changed()

    def draw(self) -> None:
        if self.exam is None or not self.save_unsaved_settings():
            return
        db = self.context.db
        available = {kind: len(list_questions(db, reserved=False, kind=kind)) for kind in KINDS}
        dialog = DrawDialog(topics(db), available, None, self)
        if not dialog.exec():
            return
        try:
            draw_questions(db, self.exam.id, dialog.specs(), dialog.seed())
        except ExamError as error:
            self._warn(error)
            return
        self._changed()

    def toggle_void(self) -> None:
        selected = self.selected()
        if self.exam is None or selected is None or not self.save_unsaved_settings():
            return
        if selected.voided:
            restore_question(self.context.db, self.exam.id, selected.position)
        else:
            reason, ok = QInputDialog.getText(
                self, tr("exam.setup.void"), tr("exam.setup.void_reason")
            )
            if not ok:
                return
            void_question(self.context.db, self.exam.id, selected.position, reason.strip())
        self._changed()

    def build_versions(self) -> None:
        if self.exam is None or not self.save_unsaved_settings():
            return
        try:
            make_versions(self.context.db, self.exam.id, self.versions_spin.value())
        except ExamError as error:
            self._warn(error)
            return
        self._changed()

    def print_pdf(self, what: str, path: str | None = None):
        """Print papers (with answer sheets) or keys for every version, off the GUI thread."""
        if self.exam is None or not self.save_unsaved_settings():
            return None  # the papers print the points and duration shown in the form
        db = self.context.db
        versions = list(papers(db, self.exam.id).values())
        if not versions or not versions[0].items:
            QMessageBox.information(self, tr("exam.setup.title"), tr("exam.setup.nothing_to_print"))
            return None
        exam, language = self.exam, self.print_language.language()
        boxes = student_no_boxes(db)  # read here: the work runs on another thread
        if not path:
            # the keys' dialog was titled "Print papers"; the file is named in the printout's
            # language, like the PDF inside it
            title_key = "exam.setup.print_papers" if what == "papers" else "exam.setup.print_keys"
            suffix_key = "exam.setup.papers_file" if what == "papers" else "exam.setup.keys_file"
            default = f"{exam.name}-{tr_in(language, suffix_key)}.pdf"
            path = save_file_name(self, tr(title_key), default, "PDF (*.pdf)")
        if not path:
            return None

        def work(progress):
            progress.step(0, 1, tr("exam.setup.printing"))
            if what == "papers":
                return print_papers(
                    Path(path), exam, versions, language=language, student_no_boxes=boxes
                )
            return print_answer_keys(Path(path), exam, versions, language=language)

        def done(result) -> None:
            self.context.status.emit(
                tr("exam.cli.printed", file=str(result), versions=len(versions))
            )

        def failed(error, _details) -> None:
            from ui.errors import describe_error

            QMessageBox.warning(self, tr("exam.setup.title"), describe_error(error))

        self.last_task = run_task(
            self, tr("exam.setup.printing"), work, on_done=done, on_error=failed
        )
        return self.last_task
