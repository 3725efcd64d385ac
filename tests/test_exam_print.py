"""Printed papers and keys, read back: they agree with each other and with the bank."""

from __future__ import annotations

import re
import subprocess

import pypdfium2 as pdfium

from outreach.exam.answers import parse_answers
from outreach.exam.demo import fill_demo
from outreach.exam.exam_print import print_answer_keys, print_papers
from outreach.exam.exams import exam_by_name
from outreach.exam.papers import papers
from outreach.features import DemoContext


def pdf_pages(path) -> list[str]:
    document = pdfium.PdfDocument(str(path))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_paper_and_its_key_agree_when_read_back(db, tmp_path):
    fill_demo(db, DemoContext())
    exam = exam_by_name(db, "初赛")
    versions = papers(db, exam.id)
    paper_pdf = print_papers(tmp_path / "paper.pdf", exam, list(versions.values()))
    key_pdf = print_answer_keys(tmp_path / "key.pdf", exam, list(versions.values()))
    paper_pages = pdf_pages(paper_pdf)
    key_pages = pdf_pages(key_pdf)
    assert all(any(f"（{letter} 卷）" in p for p in key_pages) for letter in versions)
    for letter, version in versions.items():
        # every page of this version carries its letter and page number
        pages = [p for p in paper_pages if f"{letter} 卷 第" in p]
        assert len(pages) >= 2
        assert all(f"{letter} 卷" in p for p in pages)
        paper_text = squeeze("".join(pages))
        key_page = next(p for p in key_pages if f"（{letter} 卷）" in p)
        key_string = re.search(r"录入用答案串：(.+)", key_page).group(1).strip()
        parsed = parse_answers(version.items, key_string)
        assert parsed.ok
        for item, shown in zip(version.items, parsed.responses, strict=True):
            start = paper_text.index(squeeze(f"{item.number}.{item.question.stem}"))
            following = paper_text[start:]
            if item.kind == "truefalse":
                assert shown == item.question.answer
                continue
            for letter_shown in shown:
                bank_letter = item.bank_letters(letter_shown)
                assert bank_letter in item.question.answer
                printed = squeeze(f"{letter_shown}.{item.question.option_text(bank_letter)}")
                assert printed in following[: len(squeeze(item.question.stem)) + 400]
            assert len(shown) == len(item.question.answer)
    assert "学号" in paper_pages[0] and "姓名" in paper_pages[0]


def test_the_answer_sheet_is_one_page_and_fonts_are_embedded(db, tmp_path):
    fill_demo(db, DemoContext())
    exam = exam_by_name(db, "初赛")
    version = papers(db, exam.id)["A"]
    only_paper = print_papers(tmp_path / "a.pdf", exam, [version], with_sheets=False)
    with_sheet = print_papers(tmp_path / "b.pdf", exam, [version])
    assert len(pdf_pages(with_sheet)) == len(pdf_pages(only_paper)) + 1
    assert "答题卡" in pdf_pages(with_sheet)[-1]
    fonts = subprocess.run(["pdffonts", str(with_sheet)], capture_output=True, text=True).stdout
    assert "NotoSansSC" in fonts and "STSong" not in fonts


def test_the_score_box_keeps_its_gap_between_the_blanks(db, tmp_path):
    """A Paragraph collapses runs of spaces; the score and marker blanks must stay apart."""
    fill_demo(db, DemoContext())
    exam = exam_by_name(db, "初赛")
    sheet = print_papers(tmp_path / "en.pdf", exam, [papers(db, exam.id)["A"]], language="en")
    document = pdfium.PdfDocument(str(sheet))
    try:
        page = document[len(document) - 1].get_textpage()
        text = page.get_text_range()
        marked = text.index("Marked by")
        blank_end = text.rindex("_", 0, marked)
        gap = page.get_charbox(marked)[0] - page.get_charbox(blank_end)[2]
        assert gap > 12, f"only {gap:.1f} pt between the blanks"
    finally:
        document.close()


def _number_boxes(flow):
    """The student-number row of the identity boxes: its column widths (label first)."""
    from reportlab.platypus import Table

    outer = next(f for f in flow if isinstance(f, Table) and len(f._cellvalues) == 2)
    return outer._cellvalues[1][0]._colWidths


def test_the_student_number_boxes_fit_the_longest_number_in_the_roster(db, tmp_path):
    """The sheet had 12 boxes, but a student number may have up to 20 characters."""
    from reportlab.lib.pagesizes import A4

    from outreach.competition import editing
    from outreach.exam.exam_print import MARGIN, answer_sheet_flowables, student_no_boxes

    fill_demo(db, DemoContext())
    assert student_no_boxes(db) == 12  # the demo's numbers have 10 characters
    exam = exam_by_name(db, "初赛")
    version = papers(db, exam.id)["A"]
    team = editing.add_team(db, "2024级精算2班", "长号队").focus_team_id
    editing.add_member(db, team, "欧阳长名", "2024XJ0201ABCDEFGHIJ")
    assert student_no_boxes(db) == 20
    for language in ("zh_CN", "en"):
        widths = _number_boxes(answer_sheet_flowables(exam, version, {}, language, 20))
        assert len(widths) == 1 + 20
        assert sum(widths) <= A4[0] - 2 * MARGIN + 0.01  # on the page, not past the margin
        assert min(widths[1:]) >= 6 * 2.834  # still room to write a character
    assert len(_number_boxes(answer_sheet_flowables(exam, version, {}, "en"))) == 1 + 12


def test_the_print_exam_command_gives_the_sheet_boxes_for_the_roster(tmp_path, monkeypatch):
    import io

    from outreach.cli import main

    db_path = str(tmp_path / "p.db")
    assert main(["--db", db_path, "demo"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    asked = []
    monkeypatch.setattr(
        "outreach.exam.exam_print.print_papers", lambda *a, **k: asked.append(k) or a[0]
    )
    out = str(tmp_path / "papers.pdf")
    code = main(
        ["--db", db_path, "print", "exam", "--exam", "初赛", "--out", out],
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert code == 0 and asked[0]["student_no_boxes"] == 12
