"""Prize payouts and the budget ledger agree: an award is paid exactly when its ledger entries
say so. Reversing the payout (from the Budget side or the Awards side) makes it unpaid, it can
be paid again, a second reversal is refused, and ``check`` names any forged disagreement."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pypdfium2 as pdfium
import pytest

from outreach.awards import payouts
from outreach.awards.awards import (
    AwardsError,
    Recipient,
    add_manual_award,
    delete_award,
    get_award,
    tier_by_name,
)
from outreach.awards.feature import summarise
from outreach.budget import ledger
from outreach.checks import run_checks
from outreach.storage.database import new_id
from tests.pdf_text_boxes import clashes_with

ROOT = Path(__file__).resolve().parent.parent


def _awards(db, *names: str) -> list[str]:
    tier = tier_by_name(db, "一等奖")
    return [add_manual_award(db, tier.id, Recipient(n, "2024级保险学1班")).id for n in names]


def _problems(db) -> list[str]:
    return [m.render("en") for m in run_checks(db)]


def test_pay_reverse_in_the_budget_ledger_then_pay_again(db):
    (award_id,) = _awards(db, "张芳")
    (payout,) = payouts.pay_awards(db, [award_id], dt.date(2026, 5, 21), receipt_no="R-1")
    award = get_award(db, award_id)
    assert (award.paid, award.paid_fen, award.paid_on) == (True, 8000, "2026-05-21")

    # the Budget page reverses the ledger entry directly
    ledger.reverse_entry(db, payout.ledger_entry_id, "本人未到场", date="2026-05-22")
    award = get_award(db, award_id)
    assert (award.paid, award.paid_fen, award.reversals) == (False, 0, 1)
    assert payouts.unpaid([award]) == [award]
    # the payout record got its negative row in the same transaction
    amounts = [p.amount_fen for p in payouts.list_payouts(db)]
    assert sorted(amounts) == [-8000, 8000]
    assert _problems(db) == []

    (again,) = payouts.pay_awards(db, [award_id], dt.date(2026, 5, 28))
    assert again.ledger_entry_id != payout.ledger_entry_id
    award = get_award(db, award_id)
    assert (award.paid, award.paid_fen, award.paid_on) == (True, 8000, "2026-05-28")
    assert payouts.pay_awards(db, [award_id], dt.date(2026, 5, 29)) == []  # never twice
    assert ledger.totals(db)[1] == 8000
    assert _problems(db) == []


def test_reversing_from_the_awards_side_and_reversing_twice_is_refused(db):
    first, second = _awards(db, "张芳", "李想")
    payouts.pay_awards(db, [first, second], dt.date(2026, 5, 21))
    (reversed_award,) = payouts.reverse_payouts(db, [first], "金额有误", date="2026-05-22")
    assert not reversed_award.paid and get_award(db, second).paid
    reversal = [e for e in ledger.list_expenses(db) if e.is_reversal]
    assert [(e.amount_fen, e.note, e.source_id) for e in reversal] == [(-8000, "金额有误", first)]

    entries_before = len(ledger.list_expenses(db))
    payouts_before = len(payouts.list_payouts(db))
    with pytest.raises(AwardsError) as caught:
        payouts.reverse_payouts(db, [second, first], "再冲一次")
    assert "张芳" in caught.value.message.render("zh_CN")
    # all or nothing: the paid second award was not reversed either
    assert get_award(db, second).paid
    assert len(ledger.list_expenses(db)) == entries_before
    assert len(payouts.list_payouts(db)) == payouts_before
    # the ledger itself refuses a second reversal of the same entry
    original = next(e for e in ledger.list_expenses(db) if e.source_id == first and not e.reverses)
    with pytest.raises(ledger.BudgetError):
        ledger.reverse_entry(db, original.id, "again")
    with pytest.raises(ledger.BudgetError):
        payouts.reverse_payouts(db, [second], "  ")  # a reason is required
    assert get_award(db, second).paid
    assert _problems(db) == []


def test_an_award_with_a_payout_history_is_kept(db):
    (award_id,) = _awards(db, "张芳")
    payouts.pay_awards(db, [award_id], dt.date(2026, 5, 21))
    payouts.reverse_payouts(db, [award_id], "退回")
    with pytest.raises(AwardsError) as caught:
        delete_award(db, award_id)
    assert "张芳" in caught.value.message.render("zh_CN")


def _forge_reversal(db, entry) -> None:
    """A reversing entry written behind the program's back (as an older version did)."""
    db["budget_expenses"].insert(
        {
            "id": new_id(),
            "date": "2026-05-22",
            "amount_fen": -entry.amount_fen,
            "category": entry.category,
            "payee": entry.payee,
            "receipt_no": "",
            "event_id": None,
            "note": "forged",
            "source": entry.source,
            "source_id": entry.source_id,
            "reverses": entry.id,
            "created_at": "2026-05-22T10:00:00",
        }
    )


def test_check_finds_a_forged_disagreement(db):
    first, second = _awards(db, "张芳", "李想")
    paid = payouts.pay_awards(db, [first, second], dt.date(2026, 5, 21))
    assert _problems(db) == []
    _forge_reversal(db, ledger.get_expense(db, paid[0].ledger_entry_id))
    problems = _problems(db)
    assert len(problems) == 1 and "张芳" in problems[0]
    assert "80" in problems[0] and "0 yuan" in problems[0]
    # the award reads the ledger: it is unpaid even though its payout row says otherwise
    assert not get_award(db, first).paid

    # a payout row with no ledger entry behind it
    db["award_payouts"].insert(
        {
            "id": new_id(),
            "award_id": second,
            "amount_fen": 8000,
            "paid_on": "2026-05-23",
            "ledger_entry_id": "nowhere",
            "created_at": "2026-05-23T10:00:00",
        }
    )
    problems = _problems(db)
    assert any("李想" in p and "nowhere"[:8] in p for p in problems)
    assert any("李想" in p and "160" in p for p in problems)  # register 160 against ledger 80


def test_the_migration_repairs_reversals_made_before_the_ledger_told_the_awards(db):
    from outreach.awards.feature import _payout_reversals

    (award_id,) = _awards(db, "张芳")
    (payout,) = payouts.pay_awards(db, [award_id], dt.date(2026, 5, 21))
    _forge_reversal(db, ledger.get_expense(db, payout.ledger_entry_id))
    assert _problems(db)
    _payout_reversals(db)
    _payout_reversals(db)  # running it again adds nothing
    assert _problems(db) == []
    assert sorted(p.amount_fen for p in payouts.list_payouts(db)) == [-8000, 8000]


def test_signoff_sheet_export_and_home_count_follow_the_ledger(db, programme, tmp_path):
    ids = _awards(db, "张芳", "李想", "王五")
    assert ("awards.summary.unpaid", 3) in summarise(db)
    payouts.pay_awards(db, ids, dt.date(2026, 5, 21))
    assert ("awards.summary.unpaid", 0) in summarise(db)
    payouts.reverse_payouts(db, [ids[1]], "本人未到场", date="2026-05-22")
    assert ("awards.summary.unpaid", 1) in summarise(db)

    sheet = payouts.print_signoff_sheet(db, tmp_path / "sheet.pdf")
    pdf = pdfium.PdfDocument(str(sheet))
    text = pdf[0].get_textpage().get_text_range().replace("\r\n", "\n")
    pdf.close()
    assert "已发放 2 人，¥160；未发放 1 人，¥80" in text
    assert "未发放\n（已冲销）" in text
    assert text.count("2026-05-21") == 2

    rows = payouts.export_awards(programme, tmp_path / "awards.xlsx")
    assert rows == 3
    sheet = openpyxl.load_workbook(tmp_path / "awards.xlsx").active
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    header = table[0]
    by_name = {r[header.index("姓名")]: r for r in table[1:]}
    state, paid = header.index("发放情况"), header.index("已发放（元）")
    assert by_name["李想"][state] == "未发放（已冲销）" and by_name["李想"][paid] == 0
    assert by_name["张芳"][state] == "已发放 2026-05-21" and by_name["张芳"][paid] == 80


def test_command_line_check_flags_the_disagreement(tmp_path):
    from outreach.storage import open_programme

    path = tmp_path / "p.db"
    programme = open_programme(path)
    (award_id,) = _awards(programme.db, "张芳")
    (payout,) = payouts.pay_awards(programme.db, [award_id], dt.date(2026, 5, 21))
    _forge_reversal(programme.db, ledger.get_expense(programme.db, payout.ledger_entry_id))
    programme.close()
    run = subprocess.run(
        [sys.executable, "main.py", "--db", str(path), "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "张芳" in run.stderr + run.stdout


def test_signoff_sheet_rows_grow_for_a_long_class_name(db, tmp_path):
    """Rows were a fixed 11 mm: a long class name wrapped over the rows below it (its last
    lines printed on top of the next recipients' classes)."""
    tier = tier_by_name(db, "一等奖")
    long_class = "2024级保险学（中外合作办学）国际精算与风险管理方向实验班"
    add_manual_award(db, tier.id, Recipient("阿依古丽·买买提", long_class))
    add_manual_award(db, tier.id, Recipient("吴桐", "2024级保险学1班"))
    sheet = payouts.print_signoff_sheet(db, tmp_path / "sheet.pdf")
    assert clashes_with(sheet, long_class) == []
