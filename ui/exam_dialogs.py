"""Dialogs of the exam page: edit a question (checked as you type), preview a question import,
pick questions by hand, draw at random, and settle a tie at the finalists' cut line."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from outreach.exam.exams import DrawSpec
from outreach.exam.question_import import QuestionPreview
from outreach.exam.questions import (
    DIFFICULTIES,
    KINDS,
    LETTERS,
    Question,
    find_by_stem,
    normalise_answer,
    validate_question,
)
from outreach.exam.results import Finalists
from outreach.i18n import msg, tr
from ui.table_models import Column, RowsTableModel

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"


def translate_buttons(box: QDialogButtonBox) -> QDialogButtonBox:
    """Qt's own OK/Cancel texts are not translated without a Qt translator: name them here."""
    for standard, key in (
        (QDialogButtonBox.StandardButton.Ok, "exam.dialog.ok"),
        (QDialogButtonBox.StandardButton.Cancel, "common.cancel"),
    ):
        button = box.button(standard)
        if button is not None:
            button.setText(tr(key))
    return box


def kind_text(kind: str) -> str:
    return tr(f"exam.kind.{kind}")


def difficulty_text(level: int) -> str:
    return tr(f"exam.difficulty.{level}")


def answer_text(question: Question) -> str:
    return question.answer


class QuestionDialog(QDialog):
    """Add or edit a question; problems are listed as you type and OK waits until none."""

    def __init__(self, db, question: Question | None, topics: list[str], parent=None) -> None:
        super().__init__(parent)
        self.db = db
        self.original = question
        self.setWindowTitle(tr("exam.bank.edit_title" if question else "exam.bank.add_title"))
        self.resize(620, 560)
        form = QFormLayout()
        self.kind_box = QComboBox()
        for kind in KINDS:
            self.kind_box.addItem(kind_text(kind), kind)
        self.stem_edit = QPlainTextEdit()
        self.stem_edit.setFixedHeight(80)
        self.options_edit = QPlainTextEdit()
        self.options_edit.setPlaceholderText(tr("exam.bank.options_placeholder"))
        self.options_edit.setFixedHeight(120)
        self.answer_edit = QLineEdit()
        self.answer_edit.setPlaceholderText(tr("exam.bank.answer_placeholder"))
        self.explanation_edit = QPlainTextEdit()
        self.explanation_edit.setFixedHeight(80)
        self.topic_box = QComboBox()
        self.topic_box.setEditable(True)
        self.topic_box.addItems(["", *topics])
        self.difficulty_box = QComboBox()
        for level in DIFFICULTIES:
            self.difficulty_box.addItem(difficulty_text(level), level)
        self.reserved_check = QCheckBox(tr("exam.bank.reserved_check"))
        form.addRow(tr("exam.bank.col.kind"), self.kind_box)
        form.addRow(tr("exam.bank.col.stem"), self.stem_edit)
        form.addRow(tr("exam.bank.options"), self.options_edit)
        form.addRow(tr("exam.bank.col.answer"), self.answer_edit)
        form.addRow(tr("exam.bank.explanation"), self.explanation_edit)
        form.addRow(tr("exam.bank.col.topic"), self.topic_box)
        form.addRow(tr("exam.bank.col.difficulty"), self.difficulty_box)
        form.addRow("", self.reserved_check)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.buttons = translate_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.buttons)
        if question is not None:
            self.kind_box.setCurrentIndex(KINDS.index(question.kind))
            self.stem_edit.setPlainText(question.stem)
            self.options_edit.setPlainText("\n".join(question.options))
            self.answer_edit.setText(question.answer)
            self.explanation_edit.setPlainText(question.explanation)
            self.topic_box.setCurrentText(question.topic)
            self.difficulty_box.setCurrentIndex(DIFFICULTIES.index(question.difficulty))
            self.reserved_check.setChecked(question.reserved)
        for signal in (
            self.stem_edit.textChanged,
            self.options_edit.textChanged,
            self.answer_edit.textChanged,
        ):
            signal.connect(self.recheck)
        self.kind_box.currentIndexChanged.connect(self.recheck)
        self.recheck()

    def options(self) -> list[str]:
        if self.kind_box.currentData() == "truefalse":
            return []
        lines = self.options_edit.toPlainText().split("\n")
        while lines and not lines[-1].strip():
            lines.pop()
        return [line.strip() for line in lines]

    def question(self) -> Question:
        kind = self.kind_box.currentData()
        options = self.options()
        answer = (
            normalise_answer(kind, self.answer_edit.text(), len(options)) or self.answer_edit.text()
        )
        base = self.original
        return Question(
            id=base.id if base else "",
            kind=kind,
            stem=self.stem_edit.toPlainText().strip(),
            options=options,
            answer=answer,
            explanation=self.explanation_edit.toPlainText().strip(),
            topic=self.topic_box.currentText().strip(),
            difficulty=self.difficulty_box.currentData(),
            reserved=self.reserved_check.isChecked(),
            source=base.source if base else "",
            created_at=base.created_at if base else "",
        )

    def problems(self) -> list:
        question = self.question()
        self.options_edit.setEnabled(question.kind != "truefalse")
        problems = validate_question(
            question.kind,
            question.stem,
            question.options,
            self.answer_edit.text(),
            question.difficulty,
        )
        twin = find_by_stem(self.db, question.stem) if question.stem else None
        if twin is not None and (self.original is None or twin.id != self.original.id):
            problems.append(msg("exam.question.error.duplicate_in_bank", stem=twin.stem[:40]))
        return problems

    def recheck(self) -> None:
        problems = self.problems()
        ok = not problems
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        if ok:
            options = self.options()
            shown = ", ".join(f"{LETTERS[i]}" for i in range(len(options)))
            self.problems_label.setStyleSheet(OK_STYLE)
            self.problems_label.setText(tr("exam.bank.looks_good", letters=shown or "对/错"))
        else:
            self.problems_label.setStyleSheet(ERROR_STYLE)
            self.problems_label.setText("\n".join(f"• {p}" for p in problems))


class ImportPreviewDialog(QDialog):
    """What an import would create; every problem with its line; Import only when clean."""

    def __init__(self, preview: QuestionPreview, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("exam.import.preview_title", file=preview.source))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        summary = QLabel()
        summary.setWordWrap(True)
        if preview.ok:
            summary.setStyleSheet(OK_STYLE)
            summary.setText(tr("exam.import.preview_ok", count=len(preview.questions)))
        else:
            summary.setStyleSheet(ERROR_STYLE)
            summary.setText(
                tr(
                    "exam.import.preview_bad",
                    count=len(preview.questions),
                    problems=len(preview.problems),
                )
            )
        layout.addWidget(summary)
        self.problem_list = QListWidget()
        for text in preview.problem_texts():
            item = QListWidgetItem(text)
            item.setForeground(Qt.GlobalColor.red)
            self.problem_list.addItem(item)
        self.problem_list.setVisible(bool(preview.problems))
        self.problem_list.setMaximumHeight(180)
        layout.addWidget(self.problem_list)
        word = "exam.import.col.row" if preview.row_word == "row" else "exam.import.col.line"
        model = RowsTableModel(
            [
                Column(word, lambda p: p.line, align_right=True),
                Column(
                    "exam.bank.col.kind",
                    lambda p: kind_text(p.kind) if p.kind else tr("exam.import.kind_unknown"),
                ),
                Column("exam.bank.col.stem", lambda p: p.stem.replace("\n", " ")),
                Column("exam.bank.col.options", lambda p: " | ".join(p.options)),
                Column("exam.bank.col.answer", lambda p: p.answer or (p.answer_text or "")),
                Column("exam.bank.col.topic", lambda p: p.topic),
                Column("exam.bank.col.difficulty", lambda p: difficulty_text(p.difficulty)),
            ],
            self,
        )
        model.set_rows(preview.questions)
        self.table = QTableView()
        self.table.setModel(model)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()  # the line column says where each question is
        layout.addWidget(self.table, 1)
        buttons = translate_buttons(QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel))
        self.import_button = buttons.addButton(
            tr("exam.import.do_import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setEnabled(preview.ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class PickQuestionsDialog(QDialog):
    """Tick the bank questions for the paper (reserved ones are not offered)."""

    def __init__(self, questions: list[Question], chosen: set[str], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("exam.setup.pick_title"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(tr("exam.bank.search"))
        layout.addWidget(self.filter_edit)
        self.list = QListWidget()
        for question in questions:
            item = QListWidgetItem(
                f"[{kind_text(question.kind)}·{question.topic or '-'}·{difficulty_text(question.difficulty)}]"
                f" {question.stem}"
            )
            item.setData(Qt.ItemDataRole.UserRole, question.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if question.id in chosen else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        layout.addWidget(self.list, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        buttons = translate_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.filter_edit.textChanged.connect(self._filter)
        self.list.itemChanged.connect(self._count)
        self._count()

    def _filter(self, text: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(text) and text not in item.text())

    def _count(self, *_args) -> None:
        self.count_label.setText(tr("exam.setup.picked", count=len(self.chosen_ids())))

    def chosen_ids(self) -> list[str]:
        return [
            self.list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]


class DrawDialog(QDialog):
    """How many questions of each type to draw, optionally from one topic and difficulty."""

    def __init__(self, topics: list[str], available: dict[str, int], seed: int | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("exam.setup.draw_title"))
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        grid.addWidget(QLabel(tr("exam.bank.col.kind")), 0, 0)
        grid.addWidget(QLabel(tr("exam.setup.draw_count")), 0, 1)
        grid.addWidget(QLabel(tr("exam.bank.col.topic")), 0, 2)
        grid.addWidget(QLabel(tr("exam.bank.col.difficulty")), 0, 3)
        self.rows: list[tuple[str, QSpinBox, QComboBox, QComboBox]] = []
        for row, kind in enumerate(KINDS, start=1):
            count = QSpinBox()
            count.setRange(0, 500)
            topic = QComboBox()
            topic.addItem(tr("exam.filter.all"), None)
            for name in topics:
                topic.addItem(name, name)
            difficulty = QComboBox()
            difficulty.addItem(tr("exam.filter.all"), None)
            for level in DIFFICULTIES:
                difficulty.addItem(difficulty_text(level), level)
            grid.addWidget(
                QLabel(
                    tr(
                        "exam.setup.draw_kind",
                        kind=kind_text(kind),
                        available=available.get(kind, 0),
                    )
                ),
                row,
                0,
            )
            grid.addWidget(count, row, 1)
            grid.addWidget(topic, row, 2)
            grid.addWidget(difficulty, row, 3)
            self.rows.append((kind, count, topic, difficulty))
        layout.addLayout(grid)
        form = QFormLayout()
        self.seed_edit = QLineEdit("" if seed is None else str(seed))
        self.seed_edit.setPlaceholderText(tr("exam.setup.seed_placeholder"))
        form.addRow(tr("exam.setup.seed"), self.seed_edit)
        layout.addLayout(form)
        note = QLabel(tr("exam.setup.draw_note"))
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = translate_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def specs(self) -> list[DrawSpec]:
        return [
            DrawSpec(kind, count.value(), topic.currentData(), difficulty.currentData())
            for kind, count, topic, difficulty in self.rows
            if count.value()
        ]

    def seed(self) -> int | None:
        text = self.seed_edit.text().strip()
        return int(text) if text.isdigit() else None


class SettleDialog(QDialog):
    """Choose which of the entries tied at the cut line go to the final."""

    def __init__(self, result: Finalists, parent=None) -> None:
        super().__init__(parent)
        self.result = result
        self.setWindowTitle(tr("exam.finalists.settle_title"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            tr(
                "exam.finalists.settle_intro",
                count=result.slots_for_tied,
                tied=len(result.tied_ids),
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.list = QListWidget()
        for entry in result.entries:
            if entry.ref_id not in result.tied_ids:
                continue
            item = QListWidgetItem(tr("exam.finalists.entry", label=entry.label, score=entry.score))
            item.setData(Qt.ItemDataRole.UserRole, entry.ref_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if entry.status == "in" else Qt.CheckState.Unchecked
            )
            self.list.addItem(item)
        layout.addWidget(self.list)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(tr("exam.finalists.note_placeholder"))
        layout.addWidget(self.note_edit)
        self.buttons = translate_buttons(
            QDialogButtonBox(
                QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
            )
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.list.itemChanged.connect(self._check)
        self._check()

    def chosen_ids(self) -> list[str]:
        return [
            self.list.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.list.count())
            if self.list.item(row).checkState() == Qt.CheckState.Checked
        ]

    def _check(self, *_args) -> None:
        ok = len(self.chosen_ids()) == self.result.slots_for_tied
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def monospace(widget: QWidget, size: int = 13) -> None:
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSize(size)
    widget.setFont(font)
