"""The programme report PDF: built from whatever has landed, read back as text."""

from __future__ import annotations

import io

import pypdfium2

from outreach.cli import main
from outreach.reporting.programme_report import build_report


def pdf_text(path) -> list[str]:
    document = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def test_report_of_the_demo_programme_in_chinese(tmp_path, demo_db):
    target = build_report(demo_db, tmp_path / "report.pdf", programme_name="保险知识进社区 2026")
    pages = pdf_text(target)
    text = "\n".join(pages)
    assert "保险知识进社区活动总结" in text
    for heading in (
        "总体情况",
        "社区宣传活动",
        "宣传物料",
        "知识竞赛",
        "获奖名单",
        "经费预算与实际",
    ):
        assert heading in text


def test_report_has_figures_not_placeholders(tmp_path, demo_db):
    text = "\n".join(pdf_text(build_report(demo_db, tmp_path / "r.pdf")))
    assert "覆盖居民" in text and "发放宣传单" in text
    assert "预算合计 ¥" in text and "实际支出 ¥" in text
    assert "决赛：" in text and "名次" in text
    assert "参加笔试" in text and "平均分" in text
    assert "共评出获奖" in text and "一等奖" in text
    assert "尚未完成" not in text  # every concept has landed: no placeholder left


def test_report_figures_match_the_outcomes(tmp_path, demo_db):
    from outreach.events.outcomes import outcome_totals

    totals = outcome_totals(demo_db)
    pages = pdf_text(build_report(demo_db, tmp_path / "r.pdf", language="en"))
    text = " ".join(" ".join(pages).split())  # lines wrap anywhere
    assert f"{totals.residents_reached} residents reached" in text
    assert f"{totals.materials.get('flyers', 0)} flyers handed out" in text


def test_report_of_an_empty_programme(tmp_path, db):
    text = "\n".join(pdf_text(build_report(db, tmp_path / "empty.pdf")))
    assert "总体情况" in text and "社区宣传活动" in text


def test_print_report_command(tmp_path):
    db = str(tmp_path / "p.db")
    assert main(["--db", db, "demo"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    out = io.StringIO()
    code = main(
        ["--db", db, "print", "report", "--out", str(tmp_path / "r.pdf"), "--language", "en"],
        stdout=out,
        stderr=io.StringIO(),
    )
    assert code == 0 and "r.pdf" in out.getvalue()
    assert "Programme Report" in "\n".join(pdf_text(tmp_path / "r.pdf"))
