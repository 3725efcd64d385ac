"""The question bank tab: list and filter by type, topic, difficulty and where used; add, edit,
delete, reserve for tie-breaks; import (with preview) and export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
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

from outreach.exam.question_import import export_questions, import_preview, preview_file
from outreach.exam.questions import (
    DIFFICULTIES,
    KINDS,
    LETTERS,
    Question,
    QuestionError,
    QuestionUsage,
    add_question,
    delete_question,
    list_questions,
    set_reserved,
    topics,
    update_question,
    usages_by_question,
)
from outreach.i18n import join_clauses, tr
from outreach.spreadsheets import TableError
from ui.exam_dialogs import ImportPreviewDialog, QuestionDialog, difficulty_text, kind_text
from ui.file_dialogs import ask_save_path
from ui.table_models import ROW_ROLE, SORT_ROLE, Column, RowsTableModel

USAGE_FILTERS = ("all", "unused", "exam", "final_round", "tiebreak")


def usage_text(usages: list[QuestionUsage]) -> str:
    return join_clauses(str(usage.where()) for usage in usages)


class QuestionBankView(QWidget):
    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.usages: dict[str, list[QuestionUsage]] = {}
        self.all_questions: list[Question] = []
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.kind_box = QComboBox()
        self.topic_box = QComboBox()
        self.difficulty_box = QComboBox()
        self.usage_box = QComboBox()
        filters.addWidget(self.search_edit, 2)
        for box in (self.kind_box, self.topic_box, self.difficulty_box, self.usage_box):
            filters.addWidget(box, 1)
            box.currentIndexChanged.connect(self.apply_filter)
        self.search_edit.textChanged.connect(self.apply_filter)
        layout.addLayout(filters)

        self.model: RowsTableModel[Question] = RowsTableModel(
            [
                Column(
                    "exam.bank.col.kind",
                    lambda q: kind_text(q.kind),
                    sort_key=lambda q: KINDS.index(q.kind),
                ),
                Column("exam.bank.col.stem", lambda q: q.stem.replace("\n", " ")),
                Column("exam.bank.col.answer", lambda q: q.answer),
                Column("exam.bank.col.topic", lambda q: q.topic),
                Column(
                    "exam.bank.col.difficulty",
                    lambda q: difficulty_text(q.difficulty),
                    sort_key=lambda q: q.difficulty,
                ),
                Column(
                    "exam.bank.col.used",
                    lambda q: usage_text(self.usages.get(q.id, [])),
                    colour=lambda q: "#8a5a00" if q.reserved else None,
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
                if column == 1
                else QHeaderView.ResizeMode.ResizeToContents,
            )
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self.show_detail())
        layout.addWidget(self.table, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setMinimumHeight(60)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.detail)

        buttons = QHBoxLayout()
        self.add_button = QPushButton()
        self.edit_button = QPushButton()
        self.delete_button = QPushButton()
        self.reserve_button = QPushButton()
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        self.count_label = QLabel()
        for button in (self.add_button, self.edit_button, self.delete_button, self.reserve_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.count_label)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.export_button)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.reserve_button.clicked.connect(self.toggle_reserved)
        self.import_button.clicked.connect(self.import_file)
        self.export_button.clicked.connect(self.export_file)
        self.retranslate()

    # -- language
    def retranslate(self) -> None:
        self.search_edit.setPlaceholderText(tr("exam.bank.search"))
        self.add_button.setText(tr("exam.bank.add"))
        self.edit_button.setText(tr("exam.bank.edit"))
        self.delete_button.setText(tr("exam.bank.delete"))
        self.reserve_button.setText(tr("exam.bank.reserve"))
        self.import_button.setText(tr("exam.bank.import"))
        self.export_button.setText(tr("exam.bank.export"))
        self._fill_filters()
        self.model.retranslate()
        self._update_count()
        self.show_detail()

    def _fill_filters(self) -> None:
        def refill(box: QComboBox, items: list[tuple[str, object]]) -> None:
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            for text, data in items:
                box.addItem(text, data)
            index = box.findData(current)
            box.setCurrentIndex(max(index, 0))
            box.blockSignals(False)

        refill(
            self.kind_box,
            [(tr("exam.filter.all_kinds"), None)] + [(kind_text(k), k) for k in KINDS],
        )
        names = topics(self.context.db) if self.context.programme else []
        refill(self.topic_box, [(tr("exam.filter.all_topics"), None)] + [(t, t) for t in names])
        refill(
            self.difficulty_box,
            [(tr("exam.filter.all_difficulties"), None)]
            + [(difficulty_text(d), d) for d in DIFFICULTIES],
        )
        refill(self.usage_box, [(tr(f"exam.filter.usage.{u}"), u) for u in USAGE_FILTERS])

    # -- data
    def reload(self) -> None:
        if self.context.programme is None:
            self.all_questions, self.usages = [], {}
        else:
            self.all_questions = list_questions(self.context.db)
            self.usages = usages_by_question(self.context.db)
        self._fill_filters()
        self.apply_filter()

    def apply_filter(self) -> None:
        text = self.search_edit.text().strip().lower()
        kind = self.kind_box.currentData()
        topic = self.topic_box.currentData()
        difficulty = self.difficulty_box.currentData()
        usage = self.usage_box.currentData() or "all"
        rows = []
        for q in self.all_questions:
            if kind and q.kind != kind:
                continue
            if topic and q.topic != topic:
                continue
            if difficulty and q.difficulty != difficulty:
                continue
            kinds = {u.kind for u in self.usages.get(q.id, [])}
            if usage == "unused" and kinds:
                continue
            if usage not in ("all", "unused") and usage not in kinds:
                continue
            if (
                text
                and text not in f"{q.stem} {' '.join(q.options)} {q.explanation} {q.topic}".lower()
            ):
                continue
            rows.append(q)
        self.model.set_rows(rows)
        self._update_count()
        self.show_detail()

    def _update_count(self) -> None:
        self.count_label.setText(
            tr("exam.bank.count", shown=self.model.rowCount(), total=len(self.all_questions))
        )

    def selected(self) -> Question | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.proxy.data(indexes[0], ROW_ROLE)

    def select_question(self, question_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, ROW_ROLE).id == question_id:
                self.table.selectRow(row)
                return

    def show_detail(self) -> None:
        question = self.selected()
        has = question is not None
        for button in (self.edit_button, self.delete_button, self.reserve_button):
            button.setEnabled(has)
        if question is None:
            self.detail.setText(tr("exam.bank.no_selection"))
            return
        self.reserve_button.setText(
            tr("exam.bank.unreserve" if question.reserved else "exam.bank.reserve")
        )
        options = "　".join(f"{LETTERS[i]}. {text}" for i, text in enumerate(question.options))
        lines = [question.stem]
        if options:
            lines.append(options)
        lines.append(tr("exam.bank.detail_answer", answer=question.answer))
        if question.explanation:
            lines.append(tr("exam.bank.detail_explanation", text=question.explanation))
        self.detail.setText("\n".join(lines))

    # -- actions
    def _after_change(self, select: str | None = None) -> None:
        self.reload()
        if select:
            self.select_question(select)
        self.context.notify("questions")

    def add(self) -> None:
        dialog = QuestionDialog(self.context.db, None, topics(self.context.db), self)
        if dialog.exec():
            self._save(dialog.question(), new=True)

    def edit_selected(self) -> None:
        question = self.selected()
        if question is None:
            return
        dialog = QuestionDialog(self.context.db, question, topics(self.context.db), self)
        if dialog.exec():
            self._save(dialog.question(), new=False)

    def _save(self, question: Question, *, new: bool) -> None:
        try:
            saved = (
                add_question(self.context.db, question)
                if new
                else update_question(self.context.db, question)
            )
            set_reserved(self.context.db, saved.id, saved.reserved)
        except QuestionError as error:
            QMessageBox.warning(
                self, tr("exam.bank.title"), "\n".join(str(p) for p in error.problems)
            )
            return
        self._after_change(saved.id)

    def delete_selected(self) -> None:
        question = self.selected()
        if question is None:
            return
        answer = QMessageBox.question(
            self, tr("exam.bank.delete"), tr("exam.bank.delete_confirm", stem=question.stem[:60])
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            delete_question(self.context.db, question.id)
        except QuestionError as error:
            QMessageBox.warning(
                self, tr("exam.bank.delete"), "\n".join(str(p) for p in error.problems)
            )
            return
        self._after_change()

    def toggle_reserved(self) -> None:
        question = self.selected()
        if question is None:
            return
        in_exam = any(u.kind == "exam" for u in self.usages.get(question.id, []))
        if not question.reserved and in_exam:
            QMessageBox.warning(self, tr("exam.bank.reserve"), tr("exam.bank.reserve_in_exam"))
            return
        set_reserved(self.context.db, question.id, not question.reserved)
        self._after_change(question.id)

    def import_file(self, path: str | None = None) -> bool:
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("exam.bank.import"), "", tr("exam.bank.import_filter")
            )
        if not path:
            return False
        try:
            preview = preview_file(Path(path), self.context.db)
        except TableError as error:
            QMessageBox.warning(self, tr("exam.bank.import"), str(error.message))
            return False
        dialog = ImportPreviewDialog(preview, self)
        self.last_preview_dialog = dialog
        if not dialog.exec() or not preview.ok:
            return False
        self.context.programme.backup("before-import")
        added = import_preview(self.context.db, preview)
        self._after_change()
        self.context.status.emit(
            tr("exam.cli.questions_imported", count=len(added), file=preview.source)
        )
        return True

    def export_file(self) -> None:
        path = ask_save_path(self, tr("exam.bank.export"), "questions.xlsx", "exam.export_filter")
        if not path:
            return
        try:
            rows = export_questions(self.context.db, path)
        except TableError as error:
            QMessageBox.warning(self, tr("exam.bank.export"), str(error.message))
            return
        self.context.status.emit(tr("cli.export.done", rows=rows, file=path))
