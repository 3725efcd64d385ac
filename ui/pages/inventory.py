"""Inventory: items with balance and status, an item's history, movements and reversals, the
forecast with the expected use at planned events, event outcomes to post, and charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from outreach.i18n import current_language, join_phrases, tr
from outreach.inventory import items as items_api
from outreach.inventory import ledger, outcomes, plans
from outreach.inventory.commands import export_ledger, export_stock
from outreach.inventory.events_link import EventLabel, event_labels
from outreach.inventory.forecast import (
    PLANNED_STATUSES,
    Forecast,
    run_out_forecast,
    stock_status,
)
from outreach.inventory.history import handed_out_per_event, stock_over_time
from outreach.inventory.ledger import Movement
from outreach.inventory.outcomes import PendingOutcome, material_label
from ui.charts import BarChart, LineChart
from ui.context import AppContext
from ui.inventory_dialogs import (
    ItemDialog,
    MovementDialog,
    PlanDialog,
    PostOutcomeDialog,
    ReasonDialog,
)
from ui.inventory_views import RowsView, export_with_dialog, print_report_with_dialog
from ui.pages.base import Page, heading_label
from ui.print_language import PrintLanguageBox
from ui.table_models import Column

STATUS_COLOURS = {"out": "#b00020", "low": "#b36b00", "ok": None}


@dataclass(frozen=True)
class HistoryRow:
    movement: Movement
    balance_after: int
    event: str
    reversed: bool


@dataclass(frozen=True)
class PlanRow:
    event: EventLabel
    item: items_api.Item
    expected: int


def _status(f: Forecast) -> str:
    return stock_status(f.balance, f.item.low_stock_level)


def _run_out_text(f: Forecast) -> str:
    event = f.run_out_event
    return tr("inventory.ui.runs_out_before", date=event.date, title=event.title) if event else ""


ITEM_COLUMNS = [
    Column("inventory.column.name", lambda f: f.item.name),
    Column("inventory.column.kind", lambda f: tr(f"inventory.kind.{f.item.kind}")),
    Column("inventory.column.balance", lambda f: f.balance, align_right=True),
    Column("inventory.column.unit", lambda f: f.item.unit),
    Column("inventory.column.low_level", lambda f: f.item.low_stock_level, align_right=True),
    Column(
        "inventory.column.status",
        lambda f: tr(f"inventory.status.{_status(f)}"),
        colour=lambda f: STATUS_COLOURS[_status(f)],
    ),
    Column(
        "inventory.column.run_out",
        _run_out_text,
        sort_key=lambda f: f.run_out_date or "9999",
        colour=lambda f: "#b00020" if f.run_out_event else None,
    ),
    Column("inventory.column.reorder", lambda f: f.suggested_reorder or "", align_right=True),
    Column("inventory.column.notes", lambda f: f.item.notes),
]

HISTORY_COLUMNS = [
    Column("inventory.column.date", lambda r: r.movement.date),
    Column("inventory.column.movement", lambda r: tr(f"inventory.movement.{r.movement.kind}")),
    Column("inventory.column.quantity", lambda r: r.movement.quantity, align_right=True),
    Column(
        "inventory.column.change",
        lambda r: f"{r.movement.delta:+d}",
        sort_key=lambda r: r.movement.delta,
        align_right=True,
        colour=lambda r: "#b00020" if r.movement.delta < 0 else "#2e7d32",
    ),
    Column("inventory.column.balance_after", lambda r: r.balance_after, align_right=True),
    Column("inventory.column.event", lambda r: r.event),
    Column("inventory.column.reason", lambda r: r.movement.reason),
    Column(
        "inventory.column.correction",
        lambda r: (
            tr("inventory.history.reverses", id=r.movement.reverses[:8])
            if r.movement.reverses
            else tr("inventory.history.reversed")
            if r.reversed
            else ""
        ),
        colour=lambda r: "#777777" if r.reversed or r.movement.reverses else None,
    ),
]

FORECAST_COLUMNS = [
    Column("inventory.column.name", lambda f: f.item.name),
    Column("inventory.column.balance", lambda f: f.balance, align_right=True),
    Column("inventory.column.expected", lambda f: f.total_expected, align_right=True),
    Column(
        "inventory.column.events_planned",
        lambda f: join_phrases(
            f"{u.event.date} {u.quantity}" + ("" if u.from_plan else "*") for u in f.uses
        ),
    ),
    Column(
        "inventory.column.run_out",
        _run_out_text,
        sort_key=lambda f: f.run_out_date or "9999",
        colour=lambda f: "#b00020" if f.run_out_event else None,
    ),
    Column(
        "inventory.column.below_level",
        lambda f: f.below_level_event.date if f.below_level_event else "",
    ),
    Column("inventory.column.reorder", lambda f: f.suggested_reorder, align_right=True),
]

PLAN_COLUMNS = [
    Column("inventory.column.event", lambda r: r.event.label(), sort_key=lambda r: r.event.date),
    Column("inventory.column.name", lambda r: r.item.name),
    Column("inventory.column.expected", lambda r: f"{r.expected} {r.item.unit}", align_right=True),
]

PENDING_COLUMNS = [
    Column("inventory.column.event", lambda p: f"{p.event_date} {p.event_title}"),
    Column("inventory.column.material", lambda p: _material(p.material)),
    Column("inventory.column.handed_out", lambda p: p.handed_out, align_right=True),
    Column("inventory.column.posted", lambda p: p.posted, align_right=True),
    Column("inventory.column.to_post", lambda p: f"{p.to_post:+d}", align_right=True),
]


def _material(material: str) -> str:

    return material_label(material, current_language())


class InventoryPage(Page):
    page_id = "inventory"
    title_key = "nav.inventory"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.today = dt.date.today
        self._forecasts: list[Forecast] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        heading = heading_label()
        self.texts.bind(heading.setText, "nav.inventory")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(heading)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_stock_tab(), "")
        self.tabs.addTab(self._build_forecast_tab(), "")
        self.tabs.addTab(self._build_charts_tab(), "")
        self.texts.tab_titles(
            self.tabs,
            ("inventory.ui.tab_stock", "inventory.ui.tab_forecast", "inventory.ui.tab_charts"),
        )
        context.data_changed.connect(self._data_changed)
        self.reload()

    # -- building
    def _build_stock_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.new_item_button = self.texts.button("inventory.ui.new_item", self.new_item)
        self.edit_item_button = self.texts.button("inventory.ui.edit_item", self.edit_item)
        self.movement_button = self.texts.button(
            "inventory.ui.record_movement", self.record_movement
        )
        self.reverse_button = self.texts.button(
            "inventory.ui.reverse_movement", self.reverse_movement
        )
        self.print_button = self.texts.button("inventory.ui.print_report", self.print_report)
        self.export_button = QPushButton()
        self.texts.bind(self.export_button.setText, "inventory.ui.export")
        menu = QMenu(self.export_button)
        self.export_stock_action = menu.addAction("")
        self.export_ledger_action = menu.addAction("")
        self.texts.bind(self.export_stock_action.setText, "inventory.ui.export_stock")
        self.texts.bind(self.export_ledger_action.setText, "inventory.ui.export_ledger")
        self.export_stock_action.triggered.connect(lambda: self.export("stock"))
        self.export_ledger_action.triggered.connect(lambda: self.export("ledger"))
        self.export_button.setMenu(menu)
        for button in (
            self.new_item_button,
            self.edit_item_button,
            self.movement_button,
            self.reverse_button,
        ):
            bar.addWidget(button)
        bar.addStretch(1)
        self.print_language = PrintLanguageBox(self.context)
        bar.addWidget(self.print_language)
        bar.addWidget(self.print_button)
        bar.addWidget(self.export_button)
        layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Vertical)
        self.items_view = RowsView(ITEM_COLUMNS)
        self.items_view.selectionModel().selectionChanged.connect(lambda *_: self._show_history())
        self.items_view.doubleClicked.connect(lambda _index: self.edit_item())
        splitter.addWidget(self.items_view)
        lower = QSplitter(Qt.Orientation.Horizontal)
        history_box = QWidget()
        history_layout = QVBoxLayout(history_box)
        history_layout.setContentsMargins(0, 0, 0, 0)
        self.history_label = QLabel()
        history_layout.addWidget(self.history_label)
        self.history_view = RowsView(HISTORY_COLUMNS)
        history_layout.addWidget(self.history_view)
        lower.addWidget(history_box)
        self.stock_chart = LineChart()
        lower.addWidget(self.stock_chart)
        lower.setSizes([640, 420])
        splitter.addWidget(lower)
        splitter.setSizes([300, 320])
        layout.addWidget(splitter, 1)
        return tab

    def _build_forecast_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        self.forecast_label = QLabel()
        self.forecast_label.setWordWrap(True)
        layout.addWidget(self.forecast_label)
        self.forecast_view = RowsView(FORECAST_COLUMNS)
        layout.addWidget(self.forecast_view, 2)
        row = QHBoxLayout()
        plans_box = QVBoxLayout()
        plans_title = QLabel()
        self.texts.bind(plans_title.setText, "inventory.ui.plans_title")
        plans_box.addWidget(plans_title)
        self.plans_view = RowsView(PLAN_COLUMNS)
        self.plans_view.doubleClicked.connect(lambda _index: self.set_plan())
        plans_box.addWidget(self.plans_view)
        self.plan_button = self.texts.button("inventory.ui.set_plan", self.set_plan)
        plans_box.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addLayout(plans_box, 1)
        pending_box = QVBoxLayout()
        pending_title = QLabel()
        self.texts.bind(pending_title.setText, "inventory.ui.pending_title")
        pending_box.addWidget(pending_title)
        self.pending_view = RowsView(PENDING_COLUMNS)
        # The event's long title gives way, not the numbers ("To post" went off the right edge)
        pending_header = self.pending_view.horizontalHeader()
        pending_header.setStretchLastSection(False)
        pending_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        pending_box.addWidget(self.pending_view)
        buttons = QHBoxLayout()
        self.post_button = self.texts.button("inventory.ui.post_outcome", self.post_outcome)
        self.post_all_button = self.texts.button("inventory.ui.post_all", self.post_all)
        buttons.addWidget(self.post_button)
        buttons.addWidget(self.post_all_button)
        buttons.addStretch(1)
        pending_box.addLayout(buttons)
        row.addLayout(pending_box, 1)
        layout.addLayout(row, 2)
        return tab

    def _build_charts_tab(self) -> QWidget:
        tab = QWidget()
        layout = QVBoxLayout(tab)
        picker = QHBoxLayout()
        self.handed_kind = QComboBox()
        for kind in items_api.ITEM_KINDS:
            self.handed_kind.addItem("", kind)
        self.handed_kind.currentIndexChanged.connect(lambda _i: self._fill_charts())
        label = QLabel()
        self.texts.bind(label.setText, "inventory.ui.chart_kind")
        picker.addWidget(label)
        picker.addWidget(self.handed_kind)
        picker.addStretch(1)
        layout.addLayout(picker)
        self.handed_chart = BarChart()
        layout.addWidget(self.handed_chart, 1)
        self.levels_chart = BarChart()
        layout.addWidget(self.levels_chart, 1)
        return tab

    # -- data
    @property
    def db(self):
        return self.context.db

    def _writable(self) -> bool:
        programme = self.context.programme
        return programme is not None and not programme.read_only

    def _data_changed(self, topic: str) -> None:
        if topic in ("events", "stock"):
            self.reload()

    def reload(self) -> None:
        has_programme = self.context.programme is not None
        for widget in (self.print_button, self.export_button):
            widget.setEnabled(has_programme)
        # A file opened read-only (held by another window) is looked at, not written.
        for widget in (
            self.new_item_button,
            self.edit_item_button,
            self.movement_button,
            self.reverse_button,
            self.plan_button,
            self.post_button,
            self.post_all_button,
        ):
            widget.setEnabled(self._writable())
        if not has_programme:
            self._forecasts = []
            for view in (self.items_view, self.history_view, self.forecast_view, self.plans_view):
                view.set_rows([])
            self.pending_view.set_rows([])
            self.summary.setText(tr("inventory.ui.no_programme"))
            self._fill_charts()
            return
        selected = self.selected_item()
        self._forecasts = run_out_forecast(self.db, self.today())
        self.items_view.set_rows(self._forecasts)
        if selected is not None:
            self.items_view.select_where(lambda f: f.item.id == selected.id)
        elif self._forecasts:
            self.items_view.selectRow(0)
        self._show_history()
        self.forecast_view.set_rows(self._forecasts)
        events = event_labels(self.db)
        items = {item.id: item for item in items_api.list_items(self.db)}
        self.plans_view.set_rows(
            [
                PlanRow(events[p.event_id], items[p.item_id], p.expected_quantity)
                for p in plans.list_plans(self.db)
                if p.event_id in events and p.event_id in events and p.item_id in items
            ]
        )
        self.pending_view.set_rows(outcomes.pending_outcomes(self.db))
        self._refresh_texts()
        self._fill_charts()

    def _refresh_texts(self) -> None:
        for index in range(self.handed_kind.count()):
            self.handed_kind.setItemText(
                index, tr(f"inventory.kind.{self.handed_kind.itemData(index)}")
            )
        if self.context.programme is None:
            return
        low = [f for f in self._forecasts if _status(f) != "ok"]
        running_out = [f for f in self._forecasts if f.run_out_event]
        self.summary.setText(
            tr(
                "inventory.ui.summary",
                items=len(self._forecasts),
                low=len(low),
                running_out=len(running_out),
            )
        )
        self.forecast_label.setText(tr("inventory.ui.forecast_explained", today=self.today()))

    def retranslate(self) -> None:
        super().retranslate()
        for view in (
            self.items_view,
            self.history_view,
            self.forecast_view,
            self.plans_view,
            self.pending_view,
        ):
            view.retranslate()
        self._refresh_texts()
        self._show_history()
        self._fill_charts()

    def selected_item(self) -> items_api.Item | None:
        row = self.items_view.selected_row()
        return row.item if row is not None else None

    def select_item(self, item_id: str) -> bool:
        return self.items_view.select_where(lambda f: f.item.id == item_id)

    def _show_history(self) -> None:
        item = self.selected_item()
        if item is None or self.context.programme is None:
            self.history_view.set_rows([])
            self.history_label.setText(tr("inventory.ui.history_none"))
            self.stock_chart.set_empty_text(tr("inventory.ui.history_none"))
            self.stock_chart.set_data([])
            return
        events = event_labels(self.db)
        undone = ledger.reversed_ids(self.db)
        running = 0
        rows = []
        for movement in ledger.item_history(self.db, item.id):
            running += movement.delta
            event = events.get(movement.event_id) if movement.event_id else None
            rows.append(
                HistoryRow(movement, running, event.label() if event else "", movement.id in undone)
            )
        self.history_view.set_rows(list(reversed(rows)))
        self.history_label.setText(tr("inventory.ui.history_of", item=item.name))
        self.stock_chart.set_title(tr("inventory.ui.chart_stock", item=item.name, unit=item.unit))
        self.stock_chart.set_empty_text(tr("inventory.ui.chart_empty"))
        self.stock_chart.set_data(
            stock_over_time(self.db, item.id),
            threshold=item.low_stock_level,
            name=tr("inventory.column.low_level"),
        )

    def _fill_charts(self) -> None:
        kind = self.handed_kind.currentData() or "flyers"
        self.handed_chart.set_empty_text(tr("inventory.ui.chart_empty"))
        self.levels_chart.set_empty_text(tr("inventory.ui.chart_empty"))
        self.handed_chart.set_title(
            tr("inventory.ui.chart_handed_out", kind=tr(f"inventory.kind.{kind}"))
        )
        self.levels_chart.set_title(tr("inventory.report.chart_title"))
        if self.context.programme is None:
            self.handed_chart.set_data([], [])
            self.levels_chart.set_data([], [])
            return
        handed = handed_out_per_event(self.db, kind)
        self.handed_chart.set_data(
            [f"{h.date[5:]} {h.title.split('·')[-1]}" for h in handed],
            [[h.quantity for h in handed]],
        )
        self.levels_chart.set_data(
            [f.item.name for f in self._forecasts],
            [[f.balance for f in self._forecasts], [f.total_expected for f in self._forecasts]],
            [tr("inventory.column.balance"), tr("inventory.report.expected_use")],
        )

    def _written(self) -> None:
        # Reloads through _data_changed, as other pages do.
        self.context.notify("stock")

    # -- actions (each returns its dialog, opened window-modal, so tests can drive it)
    def new_item(self) -> ItemDialog | None:
        if not self._writable():
            return None
        dialog = ItemDialog(self, lambda values: items_api.add_item(self.db, **values))
        dialog.accepted.connect(self._written)
        dialog.accepted.connect(lambda: self.select_item(dialog.result_value.id))
        dialog.open()
        return dialog

    def edit_item(self) -> ItemDialog | None:
        if not self._writable():
            return None
        item = self.selected_item()
        if item is None:
            return None
        dialog = ItemDialog(
            self, lambda values: items_api.update_item(self.db, item.id, **values), item
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def record_movement(self, kind: str = "received") -> MovementDialog | None:
        if not self._writable():
            return None
        items = items_api.list_items(self.db)
        if not items:
            self._tell(tr("inventory.ui.no_items"))
            return None
        selected = self.selected_item()
        events = [e for e in event_labels(self.db).values() if e.status != "cancelled"]
        dialog = MovementDialog(
            self,
            items,
            events,
            lambda item_id: ledger.balance(self.db, item_id),
            lambda values: ledger.record_movement(self.db, **values),
            item_id=selected.id if selected else None,
            kind=kind,
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def reverse_movement(self) -> ReasonDialog | None:
        if not self._writable():
            return None
        row = self.history_view.selected_row()
        if row is None:
            self._tell(tr("inventory.ui.pick_movement"))
            return None
        movement = row.movement
        item = items_api.get_item(self.db, movement.item_id)
        summary = tr(
            "inventory.ui.reverse_summary",
            date=movement.date,
            kind=tr(f"inventory.movement.{movement.kind}"),
            quantity=movement.quantity,
            unit=item.unit if item else "",
            item=item.name if item else "",
        )
        dialog = ReasonDialog(
            self,
            tr("inventory.ui.reverse_movement"),
            summary,
            lambda reason, date: ledger.reverse_movement(self.db, movement.id, reason, date=date),
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def set_plan(self) -> PlanDialog | None:
        if not self._writable():
            return None
        events = [e for e in event_labels(self.db).values() if e.status in PLANNED_STATUSES]
        items = items_api.list_items(self.db)
        if not events or not items:
            self._tell(tr("inventory.ui.no_planned_events"))
            return None
        chosen = self.plans_view.selected_row()
        current = {(p.event_id, p.item_id): p.expected_quantity for p in plans.list_plans(self.db)}
        dialog = PlanDialog(
            self,
            events,
            items,
            lambda event_id, item_id: current.get((event_id, item_id), 0),
            lambda event_id, item_id, quantity: plans.set_plan(
                self.db, event_id, item_id, quantity
            ),
            event_id=chosen.event.id if chosen else None,
            item_id=chosen.item.id if chosen else None,
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def post_outcome(self) -> PostOutcomeDialog | None:
        if not self._writable():
            return None
        pending: PendingOutcome | None = self.pending_view.selected_row()
        if pending is None:
            self._tell(tr("inventory.ui.pick_outcome"))
            return None
        items = items_api.list_items(self.db)
        matching = [i for i in items if i.kind == pending.material]
        others = [i for i in items if i.kind != pending.material]
        summary = tr(
            "inventory.ui.post_summary",
            event=f"{pending.event_date} {pending.event_title}",
            material=_material(pending.material),
            handed_out=pending.handed_out,
            posted=pending.posted,
        )
        dialog = PostOutcomeDialog(
            self,
            summary,
            matching + others,
            lambda item_id: outcomes.post_outcome(
                self.db, pending.event_id, pending.material, item_id
            ),
            item_id=outcomes.item_for_material(self.db, pending.material, pending.event_id),
        )
        dialog.accepted.connect(self._written)
        dialog.open()
        return dialog

    def post_all(self) -> int:
        if not self._writable():
            return 0
        written = outcomes.post_all_pending(self.db)
        left = len(outcomes.pending_outcomes(self.db))
        self._written()
        self.context.status.emit(tr("inventory.ui.posted_all", written=written, left=left))
        return written

    def export(self, what: str, path: str | None = None) -> int | None:
        if what == "stock":
            exporter, suggested = export_stock, tr("inventory.file.stock")
        else:
            exporter, suggested = export_ledger, tr("inventory.file.ledger")
        return export_with_dialog(self, self.context, exporter, suggested, self._tell, path)

    def print_report(self, path: str | None = None):
        from outreach.inventory.inventory_print import write_stock_report

        programme, today = self.context.programme, self.today()
        language = self.print_language.language()
        return print_report_with_dialog(
            self,
            self.context,
            tr("inventory.ui.print_report"),
            tr("inventory.file.report"),
            lambda target: write_stock_report(programme, target, today=today, language=language),
            self._tell,
            path,
        )

    def _tell(self, text: str) -> None:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(tr("nav.inventory"))
        box.setText(text)
        box.open()
