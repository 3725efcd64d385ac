"""Prize money through the window: pay on the Print page, reverse the payout on the Budget
page, see the award unpaid on the Print page, pay it again; reverse from the Awards side."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from outreach import i18n
from outreach.awards.awards import Recipient, add_manual_award, get_award, tier_by_name
from outreach.budget import ledger
from outreach.checks import run_checks
from ui.app import make_application
from ui.context import AppContext
from ui.settings import AppSettings


@pytest.fixture
def pages(qtbot, tmp_path, programme):
    from ui.pages.budget import BudgetPage
    from ui.pages.print_page import PrintPage

    make_application([])
    tier = tier_by_name(programme.db, "一等奖")
    for name in ("张芳", "李想"):
        add_manual_award(programme.db, tier.id, Recipient(name, "2024级保险学1班", "启明队"))
    context = AppContext(AppSettings(tmp_path / "settings.ini"), programme)
    awards_page, budget_page = PrintPage(context), BudgetPage(context)
    for widget in (awards_page, budget_page):
        qtbot.addWidget(widget)
        widget.resize(1300, 800)
        widget.show()
    return awards_page, budget_page


def ok(qtbot, dialog) -> None:
    qtbot.mouseClick(
        dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton
    )


def labels(dialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel))


def state_of(awards_page, name: str) -> str:
    model = awards_page.awards_view.rows_model
    column = next(
        c for c in range(model.columnCount()) if model._columns[c].title_key == "awards.column.paid"
    )
    row = next(r for r in range(model.rowCount()) if model.row_at(r).name == name)
    return model.data(model.index(row, column))


def test_reversing_in_the_budget_page_makes_the_award_unpaid(qtbot, pages):
    awards_page, budget_page = pages
    today = dt.date.today().isoformat()
    dialog = awards_page.pay()  # nothing selected: every unpaid prize
    dialog.receipt.setText("R-001")
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert state_of(awards_page, "张芳") == f"已发放 {today}"

    budget_page.tabs.setCurrentIndex(1)
    assert budget_page.expenses_view.select_where(lambda r: r.expense.payee == "张芳")
    payout_entry = budget_page.expenses_view.selected_row().expense
    dialog = budget_page.reverse_expense()
    assert "发给 张芳 的奖金" in labels(dialog)  # the hint says what the reversal does
    dialog.reason.setText("本人未到场，奖金退回")
    ok(qtbot, dialog)
    assert not dialog.isVisible()

    # the Print page heard "budget" and shows the award unpaid, as the ledger says
    assert state_of(awards_page, "张芳") == "未发放（已冲销）"
    assert state_of(awards_page, "李想") == f"已发放 {today}"
    assert "已发放 ¥80" in awards_page.summary.text()
    assert not get_award(awards_page.db, payout_entry.source_id).paid
    assert run_checks(awards_page.db) == []

    # reversing the same entry twice is refused in the dialog, nothing written
    count = len(ledger.list_expenses(budget_page.db))
    assert budget_page.expenses_view.select_where(lambda r: r.expense.id == payout_entry.id)
    dialog = budget_page.reverse_expense()
    dialog.reason.setText("again")
    ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.text()
    dialog.reject()
    assert len(ledger.list_expenses(budget_page.db)) == count

    # paid again from the Print page
    assert awards_page.awards_view.select_where(lambda a: a.name == "张芳")
    dialog = awards_page.pay()
    assert "1" in labels(dialog) and "80" in labels(dialog)
    ok(qtbot, dialog)
    assert state_of(awards_page, "张芳") == f"已发放 {today}"
    assert run_checks(awards_page.db) == []


def test_reverse_payout_from_the_awards_side_and_in_english(qtbot, pages):
    awards_page, budget_page = pages
    ok(qtbot, awards_page.pay())
    assert awards_page.awards_view.select_where(lambda a: a.name == "李想")
    dialog = awards_page.reverse_payout()
    assert "李想" in labels(dialog)
    ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.error_label.text()  # a reason is required
    dialog.reason.setText("金额有误")
    ok(qtbot, dialog)
    assert not dialog.isVisible()
    assert state_of(awards_page, "李想") == "未发放（已冲销）"
    newest = budget_page.expenses_view.rows_model.rows()[0].expense
    assert (newest.payee, newest.amount_fen, newest.note) == ("李想", -8000, "金额有误")

    awards_page.context.set_language("en")
    try:
        assert state_of(awards_page, "李想") == "unpaid (reversed)"
        assert awards_page.reverse_button.text() == "Reverse payout…"
    finally:
        awards_page.context.set_language("zh_CN")
        i18n.set_language("zh_CN")
