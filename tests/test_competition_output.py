"""Exports (CSV with BOM, XLSX, formula injection neutralised) and printouts read back."""

from __future__ import annotations

import csv
import io
import subprocess

import pypdfium2
from openpyxl import load_workbook

from outreach.cli import main
from outreach.competition import editing
from outreach.competition.roster_export import export_members, export_teams
from outreach.competition.roster_import import plan_import
from outreach.competition.roster_print import print_registration_form, print_rosters
from outreach.storage import open_programme


def _pdf_pages(path):
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def test_member_export_round_trips_through_the_importer(programme, tmp_path):
    from outreach.demo import fill_demo

    fill_demo(programme.db)
    path = tmp_path / "members.csv"
    count = export_members(programme, path)
    assert count == programme.db.execute("SELECT count(*) FROM members").fetchone()[0]
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig").splitlines()[0] == "班级,队名,姓名,学号,手机,角色"
    # into an empty programme the export imports cleanly
    from outreach.storage import memory_programme

    fresh = memory_programme()
    plan = plan_import(fresh.db, path)
    assert plan.ok, plan.problem_lines("en")
    assert plan.new_members == count
    fresh.close()


def test_exports_neutralise_formulas_in_csv_and_xlsx(programme, tmp_path):
    db = programme.db
    team_id = editing.add_team(db, '=HYPERLINK("x")', "+启明队").focus_team_id
    editing.add_member(db, team_id, "陈晓", "2024010101", role="captain")
    csv_path = tmp_path / "teams.csv"
    export_teams(programme, csv_path)
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        row = list(csv.reader(handle))[1]
    assert row[0] == '\'=HYPERLINK("x")'
    assert row[1] == "'+启明队"
    xlsx_path = tmp_path / "members.xlsx"
    assert export_members(programme, xlsx_path) == 1
    sheet = load_workbook(xlsx_path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("班级", "队名", "姓名", "学号", "手机", "角色")
    assert rows[1][0].startswith("'=")
    assert rows[1][3] == "2024010101"  # text, exact
    assert rows[1][5] == "队长"


def test_cli_exports(tmp_path):
    db_path = tmp_path / "p.db"
    assert main(["--db", str(db_path), "demo"], io.StringIO(), io.StringIO()) == 0
    out = io.StringIO()
    assert main(["--db", str(db_path), "export", "teams", str(tmp_path / "t.xlsx")], out) == 0
    assert main(["--db", str(db_path), "export", "members", str(tmp_path / "m.csv")], out) == 0
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert sheet.max_row == 9
    assert "合格" in [row[6] for row in sheet.iter_rows(values_only=True)]


def test_roster_printout_has_one_page_per_class_in_chinese(programme, tmp_path):
    from outreach.demo import fill_demo

    fill_demo(programme.db)
    db = programme.db
    # a second team in one class stays on that class's page; an incomplete team says why
    team_id = editing.add_team(db, "2024级精算1班", "第二队").focus_team_id
    editing.add_member(db, team_id, "欧阳娜娜", "2024029901")
    result = print_rosters(db, tmp_path / "roster.pdf")
    pages = _pdf_pages(result.path)
    classes = {row[0] for row in db.execute("SELECT class_name FROM teams")}
    assert len(pages) == result.pages == len(classes) == 8
    text = "\n".join(pages)
    assert "阿依古丽·买买提" in text
    assert "参赛队伍名单" in text
    actuarial = next(p for p in pages if "2024级精算1班" in p)
    assert "远航队" in actuarial and "第二队" in actuarial and "尚不符合参赛要求" in actuarial
    assert result.missing_glyphs == []
    fonts = subprocess.run(["pdffonts", str(result.path)], capture_output=True, text=True).stdout
    assert "NotoSansSC" in fonts and "yes" in fonts


def test_blank_registration_form_in_both_languages(tmp_path):
    zh = print_registration_form(tmp_path / "form.pdf", programme_name="保险知识进社区 2026")
    (page,) = _pdf_pages(zh.path)
    assert "报名表" in page and "替补" in page and "本人签名" in page
    en = print_registration_form(tmp_path / "form_en.pdf", language="en")
    (page,) = _pdf_pages(en.path)
    assert "Registration Form" in page and "Alternate" in page


def test_cli_prints(tmp_path):
    db_path = tmp_path / "p.db"
    main(["--db", str(db_path), "demo"], io.StringIO(), io.StringIO())
    out = io.StringIO()
    assert (
        main(["--db", str(db_path), "print", "roster", "--out", str(tmp_path / "r.pdf")], out) == 0
    )
    assert (
        main(
            ["--db", str(db_path), "print", "registration-form", "--out", str(tmp_path / "f.pdf")],
            out,
        )
        == 0
    )
    assert len(_pdf_pages(tmp_path / "r.pdf")) == 8
    programme = open_programme(db_path)
    programme.close()
