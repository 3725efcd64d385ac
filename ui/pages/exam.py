"""The written exam page: question bank, exam set-up, answer entry, results — one tab each.
The exam chooser above the tabs selects which exam the last three show."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach.exam.exams import Exam, ExamError, get_exam, list_exams, save_exam
from outreach.i18n import tr
from ui.context import AppContext
from ui.exam_bank import QuestionBankView
from ui.exam_entry import AnswerEntryView
from ui.exam_results import ResultsView
from ui.exam_setup import ExamSetupView
from ui.pages.base import Page, heading_label


class ExamPage(Page):
    page_id = "exam"
    title_key = "nav.exam"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        top = QHBoxLayout()
        self.heading = heading_label()
        top.addWidget(self.heading)
        top.addStretch(1)
        self.exam_label = QLabel()
        self.exam_box = QComboBox()
        self.exam_box.setMinimumWidth(180)
        self.new_exam_button = QPushButton()
        top.addWidget(self.exam_label)
        top.addWidget(self.exam_box)
        top.addWidget(self.new_exam_button)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.bank = QuestionBankView(context)
        self.setup = ExamSetupView(context, self)
        self.entry = AnswerEntryView(context, self)
        self.results = ResultsView(context, self)
        self.tabs.addTab(self.bank, "")
        self.tabs.addTab(self.setup, "")
        self.tabs.addTab(self.entry, "")
        self.tabs.addTab(self.results, "")
        layout.addWidget(self.tabs, 1)
        self.texts.bind(self.heading.setText, "nav.exam")
        self.texts.bind(self.exam_label.setText, "exam.page.exam")
        self.texts.bind(self.new_exam_button.setText, "exam.page.new_exam")
        self.exam_box.currentIndexChanged.connect(lambda _i: self._exam_chosen())
        self.new_exam_button.clicked.connect(self.new_exam)
        self.tabs.currentChanged.connect(lambda _i: self._tab_shown())
        context.data_changed.connect(self._data_changed)
        self._retitle_tabs()
        self.reload()

    def _retitle_tabs(self) -> None:
        for index, key in enumerate(
            (
                "exam.page.tab.bank",
                "exam.page.tab.setup",
                "exam.page.tab.entry",
                "exam.page.tab.results",
            )
        ):
            self.tabs.setTabText(index, tr(key))

    def retranslate(self) -> None:
        super().retranslate()
        self._retitle_tabs()
        self.bank.retranslate()
        self.setup.retranslate()
        self.entry.retranslate()
        self.results.retranslate()

    def current_exam(self) -> Exam | None:
        exam_id = self.exam_box.currentData()
        if not exam_id or self.context.programme is None:
            return None
        return get_exam(self.context.db, exam_id)

    def reload(self, select: str | None = None) -> None:
        programme = self.context.programme
        self.setEnabled(programme is not None)
        previous = select or self.exam_box.currentData()
        self.exam_box.blockSignals(True)
        self.exam_box.clear()
        if programme is not None:
            for exam in list_exams(programme.db):
                self.exam_box.addItem(exam.name, exam.id)
        index = self.exam_box.findData(previous) if previous else -1
        self.exam_box.setCurrentIndex(index if index >= 0 else self.exam_box.count() - 1)
        self.exam_box.blockSignals(False)
        self.bank.reload()
        self._exam_chosen()

    def _exam_chosen(self) -> None:
        exam = self.current_exam()
        self.setup.show_exam(exam)
        self.entry.show_exam(exam)
        self.results.show_exam(exam)

    def results_changed(self) -> None:
        self.results.show_exam(self.current_exam())

    def _tab_shown(self) -> None:
        if self.tabs.currentWidget() is self.results:
            self.results.show_exam(self.current_exam())
        elif self.tabs.currentWidget() is self.entry:
            self.entry.student_edit.setFocus()

    def _data_changed(self, topic: str) -> None:
        # rosters and finals change who the results name and which questions are used
        if topic in ("teams", "members", "roster", "competition", "final"):
            self.bank.reload()
            self._exam_chosen()

    def may_leave_programme(self) -> bool:
        # exam settings typed but not saved are saved (a refusal keeps the programme open)
        return self.setup.save_unsaved_settings()

    def new_exam(self) -> Exam | None:
        name, ok = QInputDialog.getText(self, tr("exam.page.new_exam"), tr("exam.setup.name"))
        if not ok or not name.strip():
            return None
        try:
            exam = save_exam(self.context.db, Exam(id="", name=name.strip()))
        except ExamError as error:
            QMessageBox.warning(
                self, tr("exam.page.new_exam"), "\n".join(str(p) for p in error.problems)
            )
            return None
        self.reload(select=exam.id)
        self.tabs.setCurrentWidget(self.setup)
        self.context.notify("exam")
        return exam
