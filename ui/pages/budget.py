"""Budget (活动经费): planned against actual per category with a chart, the expense ledger with
reversals, spending per event; print and export."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach.budget import categories as categories_api
from outreach.budget import ledger
from outreach.budget.budget_print import used_percent
from outreach.budget.commands import export_budget, export_budget_categories
from outreach.budget.ledger import CategoryTotal, EventBudget, Expense
from outreach.budget.money import format_fen
from outreach.i18n import current_language, join_phrases, tr
from outreach.inventory.events_link import EventLabel, event_labels
from ui.budget_dialogs import EventPlannedDialog, ExpenseDialog, PlannedDialog
from ui.charts import BarChart
from ui.context import AppContext
from ui.inventory_dialogs import ReasonDialog
from ui.inventory_views import RowsView, export_with_dialog, print_report_with_dialog
from ui.pages.base import Page, heading_label
from ui.print_language import PrintLanguageBox
from ui.table_models import Column

RED = "#b00020"


@dataclass(frozen=True)
class CategoryRow:
    total: CategoryTotal
    name: str


@dataclass(frozen=True)
class ExpenseRow:
    expense: Expense
    category: str
    event: str
    reversed: bool


@dataclass(frozen=True)
class EventRow:
    budget: EventBudget
    event: EventLabel | None
    names: dict[str, str]

    def label(self) -> str:
        return self.event.label() if self.event else tr("budget.report.no_event")

    def breakdown(self) -> str:
        return join_phrases(
            f"{self.names.get(code, code)} {format_fen(fen)}"
            for code, fen in self.budget.by_category.items()
            if fen
        )


CATEGORY_COLUMNS = [
    Column("budget.column.category", lambda r: r.name),
    Column(
        "budget.column.planned",
        lambda r: format_fen(r.total.planned_fen),
        sort_key=lambda r: r.total.planned_fen,
        align_right=True,
    ),
    Column(
        "budget.column.actual",
        lambda r: format_fen(r.total.actual_fen),
        sort_key=lambda r: r.total.actual_fen,
        align_right=True,
    ),
    Column(
        "budget.column.remaining",
        lambda r: format_fen(r.total.remaining_fen),
        sort_key=lambda r: r.total.remaining_fen,
        align_right=True,
        colour=lambda r: RED if r.total.remaining_fen < 0 else None,
    ),
    Column(
        "budget.column.used",
        lambda r: used_percent(r.total.actual_fen, r.total.planned_fen),
        sort_key=lambda r: r.total.actual_fen / r.total.planned_fen if r.total.planned_fen else 0,
        align_right=True,
    ),
    Column("budget.column.entries", lambda r: r.total.entries, align_right=True),
]

EXPENSE_COLUMNS = [
    Column("budget.column.date", lambda r: r.expense.date),
    Column("budget.column.category", lambda r: r.category),
    Column("budget.column.payee", lambda r: r.expense.payee),
    Column("budget.column.receipt", lambda r: r.expense.receipt_no),
    Column(
        "budget.column.amount",
        lambda r: format_fen(r.expense.amount_fen),
        sort_key=lambda r: r.expense.amount_fen,
        align_right=True,
        colour=lambda r: RED if r.expense.amount_fen < 0 else None,
    ),
    Column("budget.column.event", lambda r: r.event),
    Column(
        "budget.column.source",
        lambda r: tr("budget.ui.source_award") if r.expense.is_prize_payout else r.expense.source,
    ),
    Column(
        "budget.column.correction",
        lambda r: (
            tr("budget.history.reverses", id=r.expense.reverses[:8])
            if r.expense.reverses
            else tr("budget.history.reversed")
            if r.reversed
            else ""
        ),
        colour=lambda r: "#777777" if r.reversed or r.expense.reverses else None,
    ),
    Column("budget.column.note", lambda r: r.expense.note),
]

EVENT_COLUMNS = [
    Column(
        "budget.column.event",
        lambda r: r.label(),
        sort_key=lambda r: r.event.date if r.event else "9999",
    ),
    Column(
        "budget.column.planned",
        lambda r: format_fen(r.budget.planned_fen) if r.budget.planned_fen else "—",
        sort_key=lambda r: r.budget.planned_fen,
        align_right=True,
    ),
    Column(
        "budget.column.actual",
        lambda r: format_fen(r.budget.actual_fen),
        sort_key=lambda r: r.budget.actual_fen,
        align_right=True,
    ),
    Column(
        "budget.column.remaining",
        lambda r: format_fen(r.budget.remaining_fen) if r.budget.planned_fen else "—",
        sort_key=lambda r: r.budget.remaining_fen,
        align_right=True,
        colour=lambda r: RED if r.budget.planned_fen and r.budget.remaining_fen < 0 else None,
    ),
    Column("budget.report.breakdown", lambda r: r.breakdown()),
]


class BudgetPage(Page):
    page_id = "budget"
    title_key = "nav.budget"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.today = dt.date.today
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        heading = heading_label()
        self.texts.bind(heading.setText, "nav.budget")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        bar = QHBoxLayout()
        self.expense_button = self.texts.button("budget.ui.record_expense", self.record_expense)
        self.reverse_button = self.texts.button("budget.ui.reverse_expense", self.reverse_expense)
        self.planned_button = self.texts.button("budget.ui.set_planned", self.set_planned)
        self.print_button = self.texts.button("budget.ui.print_report", self.print_report)
        self.export_button = QPushButton()
        self.texts.bind(self.export_button.setText, "inventory.ui.export")
        menu = QMenu(self.export_button)
        entries_action = menu.addAction("")
        categories_action = menu.addAction("")
        self.texts.bind(entries_action.setText, "budget.ui.export_entries")
        self.texts.bind(categories_action.setText, "budget.ui.export_categories")
        entries_action.triggered.connect(lambda: self.export("budget"))
        categories_action.triggered.connect(lambda: self.export("categories"))
        self.export_button.setMenu(menu)
        for button in (self.expense_button, self.reverse_button, self.planned_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.print_language = PrintLanguageBox(self.context)
        bar.addWidget(self.print_language)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_categories_tab(), "")
        self.tabs.addTab(self._build_expenses_tab(), "")
        self.tabs.addTab(self._build_events_tab(), "")
        self.texts.tab_titles(
            self.tabs,
            ("budget.ui.tab_categories", "budget.ui.tab_expenses", "budget.ui.tab_events"),
        )
        context.data_changed.connect(self._data_changed)
        self.reload()

    def _build_categories_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.categories_view = RowsView(CATEGORY_COLUMNS)
        self.categories_view.doubleClicked.connect(lambda _index: self.set_planned())
        splitter.addWidget(self.categories_view)
        self.category_chart = BarChart()
        self.category_chart.value_text = lambda v: f"¥{v:,.0f}"
        splitter.addWidget(self.category_chart)
        splitter.setSizes([260, 320])
        layout.addWidget(splitter)
        return tab

    def _build_expenses_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        row = QHBoxLayout()
        label = QLabel()
        self.texts.bind(label.setText, "budget.ui.filter_category")
        self.filter = QComboBox()
        self.filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.filter.currentIndexChanged.connect(lambda _i: self._fill_expenses())
        row.addWidget(label)
        row.addWidget(self.filter)
        row.addStretch(1)
        layout.addLayout(row)
        self.expenses_view = RowsView(EXPENSE_COLUMNS)
        layout.addWidget(self.expenses_view)
        return tab

    def _build_events_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        splitter = QSplitter(Qt.Orientation.Vertical)
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        self.events_view = RowsView(EVENT_COLUMNS)
        self.events_view.doubleClicked.connect(lambda _index: self.set_event_planned())
        upper_layout.addWidget(self.events_view)
        self.event_planned_button = self.texts.button(
            "budget.ui.set_event_planned", self.set_event_planned
        )
        upper_layout.addWidget(self.event_planned_button, 0, Qt.AlignmentFlag.AlignLeft)
        splitter.addWidget(upper)
        self.event_chart = BarChart()
        self.event_chart.value_text = lambda v: f"¥{v:,.0f}"
        splitter.addWidget(self.event_chart)
        layout.addWidget(splitter)
        return tab

    @property
    def db(self):
        return self.context.db

    def _data_changed(self, topic: str) -> None:
        if topic in ("budget", "events", "awards"):
            self.reload()

    def _names(self) -> dict[str, str]:
        return {c.code: c.name(current_language()) for c in categories_api.list_categories(self.db)}

    def _writable(self) -> bool:
        programme = self.context.programme
        return programme is not None and not programme.read_only

    def reload(self) -> None:
        has_programme = self.context.programme is not None
        for widget in (self.print_button, self.export_button):
            widget.setEnabled(has_programme)
        # A file opened read-only (held by another window) is looked at, not written.
        for widget in (
            self.expense_button,
            self.reverse_button,
            self.planned_button,
            self.event_planned_button,
        ):
            widget.setEnabled(self._writable())
        if not has_programme:
            for view in (self.categories_view, self.expenses_view, self.events_view):
                view.set_rows([])
            self.summary.setText(tr("inventory.ui.no_programme"))
            self.category_chart.set_data([], [])
            self.event_chart.set_data([], [])
            return
        names = self._names()
        totals = ledger.actual_by_category(self.db)
        self.categories_view.set_rows([CategoryRow(t, names[t.code]) for t in totals])
        current = self.filter.currentData()
        self.filter.blockSignals(True)
        self.filter.clear()
        self.filter.addItem(tr("budget.ui.all_categories"), None)
        for code, name in names.items():
            self.filter.addItem(name, code)
        index = self.filter.findData(current)
        self.filter.setCurrentIndex(max(0, index))
        self.filter.blockSignals(False)
        self._fill_expenses()
        events = event_labels(self.db)
        rows = [
            EventRow(b, events.get(b.event_id) if b.event_id else None, names)
            for b in ledger.budget_by_event(self.db)
        ]
        self.events_view.set_rows(rows)
        planned, actual = ledger.totals(self.db)
        self.summary.setText(
            tr(
                "budget.report.totals",
                planned=format_fen(planned),
                actual=format_fen(actual),
                remaining=format_fen(planned - actual),
            )
        )
        self._fill_charts(totals, names, rows)

    def _fill_charts(self, totals, names, rows) -> None:
        self.category_chart.set_title(tr("budget.report.chart_title"))
        self.category_chart.set_empty_text(tr("inventory.ui.chart_empty"))
        self.category_chart.set_data(
            [names[t.code] for t in totals],
            [[t.planned_fen / 100 for t in totals], [t.actual_fen / 100 for t in totals]],
            [tr("budget.column.planned"), tr("budget.column.actual")],
        )
        self.event_chart.set_title(tr("budget.ui.chart_events"))
        self.event_chart.set_empty_text(tr("inventory.ui.chart_empty"))
        self.event_chart.set_data(
            [
                f"{r.event.date[5:]} {r.event.title.split('·')[-1]}"
                if r.event
                else tr("budget.ui.no_event_short")
                for r in rows
            ],
            [
                [r.budget.planned_fen / 100 for r in rows],
                [r.budget.actual_fen / 100 for r in rows],
            ],
            [tr("budget.column.planned"), tr("budget.column.actual")],
        )

    def _fill_expenses(self) -> None:
        if self.context.programme is None:
            return
        names = self._names()
        events = event_labels(self.db)
        undone = ledger.reversed_ids(self.db)
        entries = ledger.list_expenses(self.db, category=self.filter.currentData())
        self.expenses_view.set_rows(
            [
                ExpenseRow(
                    e,
                    names.get(e.category, e.category),
                    events[e.event_id].label() if e.event_id in events else "",
                    e.id in undone,
                )
                for e in reversed(entries)
            ]
        )

    def retranslate(self) -> None:
        super().retranslate()
        for view in (self.categories_view, self.expenses_view, self.events_view):
            view.retranslate()
        self.reload()

    def _written(self) -> None:
        # Reloads through _data_changed, as other pages do.
        self.context.notify("budget")

    # -- actions (each returns its dialog, opened window-modal, so tests can drive it)
    def record_expense(self) -> ExpenseDialog | None:
        if not self._writable():
            return None
        chosen = self.categories_view.selected_row()
        events = [e for e in event_labels(self.db).values() if e.status != "cancelled"]
        dialog = ExpenseDialog(
            self,
            categories_api.list_categories(self.db),
            events,
            lambda values: ledger.record_expense(self.db, **values),
            category=chosen.total.code if chosen else None,
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def reverse_expense(self) -> ReasonDialog | None:
        if not self._writable():
            return None
        if self.tabs.currentIndex() != 1:
            self.tabs.setCurrentIndex(1)
        row = self.expenses_view.selected_row()
        if row is None:
            self._tell(tr("budget.ui.pick_expense"))
            return None
        expense = row.expense
        summary = tr(
            "budget.ui.reverse_summary",
            date=expense.date,
            payee=expense.payee,
            amount=format_fen(expense.amount_fen),
            receipt=expense.receipt_no or "—",
        )
        if expense.is_prize_payout and not expense.is_reversal:
            summary += "\n" + tr("budget.ui.reverse_award_hint", payee=expense.payee)
        dialog = ReasonDialog(
            self,
            tr("budget.ui.reverse_expense"),
            summary,
            lambda reason, date: ledger.reverse_entry(self.db, expense.id, reason, date=date),
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def set_planned(self) -> PlannedDialog | None:
        if not self._writable():
            return None
        chosen = self.categories_view.selected_row()
        dialog = PlannedDialog(
            self,
            categories_api.list_categories(self.db),
            lambda code, fen: categories_api.set_planned(self.db, code, fen),
            category=chosen.total.code if chosen else None,
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def set_event_planned(self) -> EventPlannedDialog | None:
        if not self._writable():
            return None
        events = [e for e in event_labels(self.db).values() if e.status != "cancelled"]
        if not events:
            self._tell(tr("budget.ui.no_events"))
            return None
        chosen = self.events_view.selected_row()
        dialog = EventPlannedDialog(
            self,
            events,
            ledger.event_planned(self.db),
            lambda event_id, fen: ledger.set_event_planned(self.db, event_id, fen),
            event_id=chosen.budget.event_id if chosen else None,
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def export(self, what: str, path: str | None = None) -> int | None:
        if what == "budget":
            exporter, suggested = export_budget, tr("budget.file.expenses")
        else:
            exporter, suggested = export_budget_categories, tr("budget.file.categories")
        return export_with_dialog(self, self.context, exporter, suggested, self._tell, path)

    def print_report(self, path: str | None = None):
        from outreach.budget.budget_print import write_budget_report

        programme, today = self.context.programme, self.today()
        language = self.print_language.language()
        return print_report_with_dialog(
            self,
            self.context,
            tr("budget.ui.print_report"),
            tr("budget.file.report"),
            lambda target: write_budget_report(programme, target, today=today, language=language),
            self._tell,
            path,
        )

    def _tell(self, text: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("nav.budget"))
        box.setText(text)
        box.open()
