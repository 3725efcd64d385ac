"""The Budget page driven as a person would: yuan typed as text and stored exactly in fen,
refusals shown, reversals, planned amounts, language switch, print."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from outreach import i18n
from outreach.budget import ledger
from outreach.budget.categories import get_category
from ui.app import make_application
from ui.context import AppContext
from ui.pages.budget import BudgetPage
from ui.settings import AppSettings


@pytest.fixture
def page(qtbot, tmp_path, demo_db, programme):
    make_application([])
    context = AppContext(AppSettings(tmp_path / "settings.ini"), programme)
    widget = BudgetPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    return widget


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def test_categories_show_planned_against_actual(page):
    rows = {row.total.code: row for row in page.categories_view.rows_model.rows()}
    assert rows["posters"].name == "宣传海报"
    assert rows["posters"].total.planned_fen == get_category(page.db, "posters").planned_fen
    model = page.categories_view.rows_model
    assert model.data(model.index(0, 1)).startswith("¥")
    assert page.category_chart.labels[:3] == ["宣传海报", "制作传单", "奖项费用"]
    assert "¥" in page.summary.text()


def test_record_an_expense_typed_in_yuan(qtbot, page):
    before = ledger.totals(page.db)[1]
    dialog = page.record_expense()
    dialog.category.setCurrentIndex(dialog.category.findData("transport"))
    dialog.amount.setText("1.234")
    assert "1.234" in dialog.preview.text()  # the live preview names the problem
    dialog.payee.setText("出租车")
    ok(qtbot, dialog)
    assert dialog.isVisible() and "1.234" in dialog.error_label.text()
    dialog.amount.setText("￥0.1")
    assert dialog.preview.text() == "= ¥0.10"
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert ledger.totals(page.db)[1] == before + 10
    newest = page.expenses_view.rows_model.rows()[0]
    assert newest.expense.amount_fen == 10 and newest.expense.payee == "出租车"


def test_a_blank_payee_is_refused_in_the_dialog(qtbot, page):
    count = len(ledger.list_expenses(page.db))
    dialog = page.record_expense()
    dialog.amount.setText("12.50")
    ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.text()
    assert len(ledger.list_expenses(page.db)) == count


def test_reverse_an_expense_and_set_a_planned_amount(qtbot, page):
    page.tabs.setCurrentIndex(1)
    page.expenses_view.selectRow(0)
    chosen = page.expenses_view.selected_row().expense
    before = ledger.totals(page.db)[1]
    dialog = page.reverse_expense()
    dialog.reason.setText("票据重复")
    ok(qtbot, dialog)
    assert ledger.totals(page.db)[1] == before - chosen.amount_fen
    assert page.expenses_view.rows_model.rows()[0].expense.reverses == chosen.id

    page.categories_view.selectRow(0)
    code = page.categories_view.selected_row().total.code
    dialog = page.set_planned()
    dialog.amount.setText("¥1,234.56")
    ok(qtbot, dialog)
    assert get_category(page.db, code).planned_fen == 123456


def test_language_switch_and_print(qtbot, page, tmp_path):
    page.context.set_language("en")
    try:
        assert page.categories_view.rows_model.rows()[0].name == "Posters"
        assert page.tabs.tabText(1) == "Expense ledger"
        assert "Planned" in page.category_chart.series_names
    finally:
        page.context.set_language("zh_CN")
        i18n.set_language("zh_CN")
    target = tmp_path / "budget.pdf"
    task = page.print_report(str(target))
    qtbot.waitUntil(lambda: task.result is not None, timeout=20000)
    assert target.read_bytes().startswith(b"%PDF")


def test_set_an_event_budget(qtbot, page):
    from outreach.budget.ledger import event_planned

    page.tabs.setCurrentIndex(2)
    dialog = page.set_event_planned()
    event_id = dialog.event_box.currentData()
    dialog.amount.setText("88.8")
    ok(qtbot, dialog)
    assert event_planned(page.db)[event_id] == 8880
    row = next(r for r in page.events_view.rows_model.rows() if r.budget.event_id == event_id)
    assert row.budget.planned_fen == 8880
    assert page.event_chart.series_names == ["预算", "实际支出"]
