"""Exports and printouts of stock and budget, read back."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdfium2
import pytest

from outreach.budget.ledger import list_expenses, totals
from outreach.cli import main
from outreach.inventory.ledger import all_movements, balances
from outreach.spreadsheets import normalise_cell, read_table
from outreach.storage import open_programme


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert run("--db", str(path), "demo")[0] == 0
    return path


def pdf_text(path) -> tuple[int, str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        pages = len(document)
        text = "\n".join(document[i].get_textpage().get_text_range() for i in range(pages))
    finally:
        document.close()
    return pages, text


def test_demo_stock_is_consistent_and_check_passes(demo_file):
    assert run("--db", str(demo_file), "check")[0] == 0
    programme = open_programme(demo_file, backup_on_open=False)
    try:
        assert len(balances(programme.db)) == 6
        assert any(m.event_id for m in all_movements(programme.db))  # tied to the demo events
        assert any(m.reverses for m in all_movements(programme.db))
        assert totals(programme.db)[1] > 0
    finally:
        programme.close()


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_stock_and_ledger_exports_read_back(demo_file, tmp_path, suffix):
    programme = open_programme(demo_file, backup_on_open=False)
    try:
        expected = balances(programme.db)
        # read_table folds full-width brackets, as it does for every import.
        names = {
            r[0]: normalise_cell(r[1])
            for r in programme.db.execute("SELECT id, name FROM inventory_items")
        }
        movements = len(all_movements(programme.db))
    finally:
        programme.close()
    stock = tmp_path / f"stock{suffix}"
    ledger = tmp_path / f"ledger{suffix}"
    assert run("--db", str(demo_file), "export", "stock", str(stock))[0] == 0
    assert run("--db", str(demo_file), "export", "ledger", str(ledger))[0] == 0
    table = read_table(stock, {"name": ["物品", "Item"], "balance": ["库存", "On hand"]}, ["name"])
    assert {row.cells["name"]: int(row.cells["balance"]) for row in table.rows} == {
        names[item_id]: value for item_id, value in expected.items()
    }
    table = read_table(
        ledger,
        {
            "item": ["物品", "Item"],
            "change": ["变动", "Change"],
            "after": ["结存", "Balance after"],
        },
        ["item", "change", "after"],
    )
    assert len(table.rows) == movements
    last_after: dict[str, int] = {}
    for row in table.rows:
        last_after[row.cells["item"]] = int(row.cells["after"])
    assert last_after == {names[i]: v for i, v in expected.items() if names[i] in last_after}


def test_budget_export_reads_back_in_exact_yuan(demo_file, tmp_path):
    target = tmp_path / "budget.csv"
    code, _, _ = run("--db", str(demo_file), "export", "budget", str(target))
    assert code == 0
    programme = open_programme(demo_file, backup_on_open=False)
    try:
        entries = list_expenses(programme.db)
    finally:
        programme.close()
    table = read_table(target, {"amount": ["金额（元）", "Amount (yuan)"]}, ["amount"])
    amounts = [Decimal(row.cells["amount"]) for row in table.rows]
    assert amounts == [Decimal(e.amount_fen) / 100 for e in entries]
    assert any(a < 0 for a in amounts)  # the reversal is there, not hidden


def test_stock_and_budget_reports_print_in_chinese_and_english(demo_file, tmp_path):
    stock = tmp_path / "stock.pdf"
    budget = tmp_path / "budget_en.pdf"
    assert run("--db", str(demo_file), "print", "stock", "--out", str(stock))[0] == 0
    code, _, err = run(
        "--db", str(demo_file), "print", "budget", "--out", str(budget), "--language", "en"
    )
    assert code == 0, err
    pages, text = pdf_text(stock)
    assert pages >= 1
    assert "物资库存报告" in text and "补货清单" in text and "宣传海报（A2）" in text
    pages, text = pdf_text(budget)
    assert "Budget report" in text and "Posters" in text and "¥" in text
    assert "Reversal" in text


def test_print_refuses_a_file_that_is_not_a_pdf(demo_file, tmp_path):
    code, _, err = run("--db", str(demo_file), "print", "stock", "--out", str(tmp_path / "x.txt"))
    assert code == 2 and "x.txt" in err  # a usage error (DESIGN §3)
    assert not (tmp_path / "x.txt").exists()
