"""The Inventory page driven as a person would: items, movements (a refusal shows the
numbers), reversals, plans, posting an outcome, charts, language switch, print and export."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from outreach import i18n
from outreach.inventory import items as items_api
from outreach.inventory import ledger
from outreach.inventory.outcomes import pending_outcomes
from outreach.spreadsheets import read_table
from ui.app import make_application
from ui.context import AppContext
from ui.pages.inventory import InventoryPage
from ui.settings import AppSettings


@pytest.fixture
def page(qtbot, tmp_path, demo_db, programme):
    make_application([])
    context = AppContext(AppSettings(tmp_path / "settings.ini"), programme)
    widget = InventoryPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def names_in(view) -> list[str]:
    return [row.item.name for row in view.rows_model.rows()]


def test_items_show_balance_status_and_forecast(page):
    rows = {row.item.name: row for row in page.items_view.rows_model.rows()}
    assert rows["宣传海报（A2）"].balance == ledger.balance(page.db, rows["宣传海报（A2）"].item.id)
    assert rows["宣传海报（A2）"].run_out_event is not None  # the demo's posters run out
    model = page.items_view.rows_model
    headers = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(model.columnCount())
    ]
    assert "库存" in headers and "预计用完" in headers
    assert page.history_view.rows_model.rows()  # the first item's history is shown
    assert page.stock_chart.points and page.handed_chart.labels


def test_new_item_then_receive_and_a_refused_issue_shows_the_numbers(qtbot, page):
    dialog = page.new_item()
    dialog.name.setText("保险知识折页")
    dialog.kind.setCurrentIndex(dialog.kind.findData("brochures"))
    dialog.unit.setText("份")
    dialog.level.setValue(50)
    ok(qtbot, dialog)
    assert "保险知识折页" in names_in(page.items_view)
    item = items_api.find_item_by_name(page.db, "保险知识折页")
    assert page.selected_item().id == item.id

    dialog = page.record_movement("received")
    assert dialog.item.currentData() == item.id
    dialog.quantity.setValue(120)
    dialog.reason.setText("到货")
    ok(qtbot, dialog)
    assert ledger.balance(page.db, item.id) == 120

    dialog = page.record_movement("issued")
    dialog.quantity.setValue(200)
    assert "120" in dialog.on_hand.text()
    ok(qtbot, dialog)
    assert dialog.isVisible()  # refused: the dialog stays open with what was typed
    assert "120" in dialog.error_label.text() and "200" in dialog.error_label.text()
    assert ledger.balance(page.db, item.id) == 120
    dialog.quantity.setValue(80)
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert ledger.balance(page.db, item.id) == 40
    history = page.history_view.rows_model.rows()
    assert [r.balance_after for r in history] == [40, 120]  # newest first


def test_reversing_a_movement_from_the_history(qtbot, page):
    page.select_item(items_api.find_item_by_name(page.db, "《家庭保险常识》手册").id)
    before = ledger.balance(page.db, page.selected_item().id)
    page.history_view.selectRow(0)
    chosen = page.history_view.selected_row().movement
    dialog = page.reverse_movement()
    ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.text()  # a reason is required
    dialog.reason.setText("录入错误")
    ok(qtbot, dialog)
    assert ledger.balance(page.db, chosen.item_id) == before - chosen.delta
    assert page.history_view.rows_model.rows()[0].movement.reverses == chosen.id


def test_plans_and_posting_an_outcome(qtbot, page):
    dialog = page.set_plan()
    dialog.item.setCurrentIndex(dialog.item.findData(page.selected_item().id))
    dialog.quantity.setValue(999)
    ok(qtbot, dialog)
    assert any(row.expected == 999 for row in page.plans_view.rows_model.rows())
    # A corrected outcome: 25 more flyers handed out than were posted at the first event.
    event_id, quantity = page.db.execute(
        "SELECT event_id, quantity FROM event_outcome_materials WHERE material = 'flyers' "
        "ORDER BY event_id LIMIT 1"
    ).fetchone()
    page.db.execute(
        "UPDATE event_outcome_materials SET quantity = ? WHERE event_id = ? AND material = 'flyers'",
        [quantity + 25, event_id],
    )
    page.reload()
    [pending] = page.pending_view.rows_model.rows()
    assert pending.to_post == 25
    page.pending_view.selectRow(0)
    dialog = page.post_outcome()
    flyers = dialog.item.currentData()
    before = ledger.balance(page.db, flyers)
    ok(qtbot, dialog)
    assert ledger.balance(page.db, flyers) == before - 25
    assert pending_outcomes(page.db) == [] and page.pending_view.rows_model.rows() == []


def test_the_amount_to_post_stays_in_view_beside_a_long_event_title(qtbot, page):
    event_id = page.db.execute(
        "SELECT event_id FROM event_outcome_materials WHERE material = 'flyers' LIMIT 1"
    ).fetchone()[0]
    page.db.execute(
        "UPDATE events SET title = ? WHERE id = ?", ["保险知识进社区·阳光社区居委会" * 3, event_id]
    )
    page.db.execute(
        "UPDATE event_outcome_materials SET quantity = quantity + 50 WHERE event_id = ? "
        "AND material = 'flyers'",
        [event_id],
    )
    page.tabs.setCurrentIndex(1)
    page.reload()
    view = page.pending_view
    assert view.rows_model.rowCount() == 1
    last = view.rows_model.columnCount() - 1
    assert view.columnViewportPosition(last) + view.columnWidth(last) <= view.viewport().width()
    assert view.columnWidth(last) >= view.fontMetrics().horizontalAdvance("+50")


def test_language_switch_relabels_tables_and_charts(page):
    page.context.set_language("en")
    try:
        model = page.items_view.rows_model
        headers = [
            model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            for c in range(model.columnCount())
        ]
        assert "On hand" in headers and "Projected run-out" in headers
        assert page.tabs.tabText(1) == "Forecast and plans"
        assert "Flyers handed out" in page.handed_chart.title
        assert "items" in page.summary.text()
    finally:
        page.context.set_language("zh_CN")
        i18n.set_language("zh_CN")


def test_print_and_export_from_the_page(qtbot, page, tmp_path):
    target = tmp_path / "stock.pdf"
    task = page.print_report(str(target))
    qtbot.waitUntil(lambda: target.exists(), timeout=20000)
    qtbot.waitUntil(lambda: task.result is not None, timeout=5000)
    assert target.read_bytes().startswith(b"%PDF")
    rows = page.export("ledger", str(tmp_path / "ledger.xlsx"))
    assert rows == len(ledger.all_movements(page.db))
    table = read_table(tmp_path / "ledger.xlsx", {"item": ["物品"]}, ["item"])
    assert len(table.rows) == rows


def test_the_page_without_a_programme(qtbot, tmp_path):
    make_application([])
    context = AppContext(AppSettings(tmp_path / "settings.ini"), None)
    widget = InventoryPage(context)
    qtbot.addWidget(widget)
    assert not widget.new_item_button.isEnabled()
    assert widget.items_view.rows_model.rows() == []
