"""Command line: fonts [--check-names], print certificates --out/--split, print prize-sheet,
export certificates, verify."""

from __future__ import annotations

import csv
import io

import pypdfium2 as pdfium

from outreach.awards.awards import Recipient, add_manual_award, tier_by_name
from outreach.awards.register import list_certificates
from outreach.cli import main
from outreach.storage import open_programme


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def programme_with_awards(path, names=("张芳", "阿依古丽·买买提")):
    programme = open_programme(path)
    tier = tier_by_name(programme.db, "一等奖")
    for name in names:
        add_manual_award(programme.db, tier.id, Recipient(name, "金融2301班", "一队"))
    programme.close()


def test_fonts_lists_the_bundled_font(tmp_path):
    code, out, _ = run("--db", str(tmp_path / "p.db"), "fonts")
    assert code == 0
    assert "Noto Sans SC" in out and "[bundled]" in out


def test_fonts_check_names_reports_each_missing_character_with_its_names(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db, ("张芳", "王𠇔"))
    code, _, err = run("--db", str(db), "fonts", "--check-names")
    assert code == 1
    assert "𠇔" in err and "U+201D4" in err and "王𠇔" in err
    programme_with_awards(tmp_path / "ok.db")
    code, out, _ = run("--db", str(tmp_path / "ok.db"), "fonts", "--check-names")
    assert code == 0, out


def test_print_certificates_one_pdf_and_split(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db)
    out = tmp_path / "out" / "c.pdf"
    split = tmp_path / "each"
    code, _stdout, err = run(
        "--db",
        str(db),
        "print",
        "certificates",
        "--out",
        str(out),
        "--split",
        str(split),
        "--date",
        "2026-05-20",
    )
    assert code == 0, err
    pdf = pdfium.PdfDocument(str(out))
    assert len(pdf) == 2
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(2))
    pdf.close()
    assert "阿依古丽·买买提" in text and "2026年5月20日" in text and "2026-QZ-0002" in text
    assert len(list(split.glob("*.pdf"))) == 2
    programme = open_programme(db)
    assert [c.serial for c in list_certificates(programme.db)] == ["2026-QZ-0001", "2026-QZ-0002"]
    programme.close()


def test_print_certificates_refuses_a_name_the_font_cannot_print(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db, ("王𠇔",))
    out = tmp_path / "c.pdf"
    code, _, err = run("--db", str(db), "print", "certificates", "--out", str(out))
    assert code == 1
    assert "王𠇔" in err and not out.exists()
    code, _, err = run("--db", str(db), "print", "certificates")
    assert code == 2


def test_export_and_verify(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db)
    assert run("--db", str(db), "print", "certificates", "--out", str(tmp_path / "c.pdf"))[0] == 0
    target = tmp_path / "register.csv"
    code, out, err = run("--db", str(db), "export", "certificates", str(target))
    assert code == 0, err
    rows = list(csv.reader(target.open(encoding="utf-8-sig")))
    assert len(rows) == 3
    serial, verify_code = rows[1][0], rows[1][1]
    code, out, _ = run("--db", str(db), "verify", serial, verify_code)
    assert code == 0 and "张芳" in out
    code, _, err = run("--db", str(db), "verify", serial, "AAAAAA")
    assert code == 1 and err.strip()


def test_prize_sheet(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db)
    target = tmp_path / "sheet.pdf"
    code, _, err = run("--db", str(db), "print", "prize-sheet", "--out", str(target))
    assert code == 0, err
    assert target.stat().st_size > 1000


def test_mixed_designs_print_into_one_file_with_each_page_its_own_size(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db, ("张芳",))
    programme = open_programme(db)
    volunteer = tier_by_name(programme.db, "优秀志愿者")
    add_manual_award(programme.db, volunteer.id, Recipient("王小明", "保险2202班", hours=8))
    programme.close()
    out = tmp_path / "all.pdf"
    code, stdout, err = run("--db", str(db), "print", "certificates", "--out", str(out))
    assert code == 0, err
    assert str(out) in stdout and not list(tmp_path.glob("*.pdf*"))[1:]
    pdf = pdfium.PdfDocument(str(out))
    sizes = [pdf[i].get_size() for i in range(len(pdf))]
    texts = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    pdf.close()
    assert len(sizes) == 2
    assert sizes[0][0] > sizes[0][1] and "张芳" in texts[0] and "-QZ-" in texts[0]
    assert sizes[1][0] < sizes[1][1] and "王小明" in texts[1] and "-ZY-" in texts[1]


def test_verify_in_english_reads_well_after_one_print():
    from outreach.i18n import msg

    text = msg(
        "awards.verify.valid",
        serial="2026-QZ-0001",
        name="张芳",
        award="一等奖",
        event="竞赛",
        date="2026-12-04",
        prints=1,
    ).render("en")
    assert "1 times" not in text and "times printed: 1" in text


def test_the_exported_register_is_headed_in_the_language_like_the_other_exports(
    tmp_path, monkeypatch
):
    # The headers were the raw keys (serial, verify_code, last_printed_at…) and the layout its
    # id ("honour"), unlike every other export.
    from outreach import i18n

    db = tmp_path / "p.db"
    programme_with_awards(db)
    assert run("--db", str(db), "print", "certificates", "--out", str(tmp_path / "c.pdf"))[0] == 0
    for language, serial, layout in (("zh_CN", "证书编号", "荣誉证书"), ("en", "Serial", "Honour")):
        monkeypatch.setenv("LC_ALL", f"{language}.UTF-8")
        target = tmp_path / f"register-{language}.csv"
        assert run("--db", str(db), "export", "certificates", str(target))[0] == 0
        rows = list(csv.reader(target.open(encoding="utf-8-sig")))
        assert rows[0][0] == serial and "verify_code" not in rows[0]
        column = rows[0].index(i18n.tr_in(language, "awards.column.layout"))
        assert rows[1][column].startswith(layout)


def test_prize_sheet_says_which_name_prints_as_a_box(tmp_path):
    # 吉𠮷 printed as 吉□ on the sheet recipients sign, with nothing said.
    db = tmp_path / "p.db"
    programme_with_awards(db, names=("张芳", "吉𠮷"))
    target = tmp_path / "sheet.pdf"
    code, _, err = run("--db", str(db), "print", "prize-sheet", "--out", str(target))
    assert code == 0 and target.exists()
    assert "𠮷" in err and "吉𠮷" in err and "U+20BB7" in err
    programme_with_awards(db := tmp_path / "q.db", names=("张芳", "阿依古丽·买买提"))
    code, _, err = run("--db", str(db), "print", "prize-sheet", "--out", str(target))
    assert code == 0 and err == ""


def test_a_text_too_long_for_its_box_is_reported_not_printed_silently(tmp_path):
    # A long class with a long team ran 15 mm past its 90 mm box at the smallest size (6 pt),
    # towards the seal and the organiser's name, and nothing was said.
    db = tmp_path / "p.db"
    programme = open_programme(db)
    tier = tier_by_name(programme.db, "一等奖")
    long_class = "2024级保险学（中外合作办学）国际精算与风险管理方向实验班"
    long_team = "The Unstoppable Risk Managers of Class 2024"
    add_manual_award(programme.db, tier.id, Recipient("张芳", long_class, long_team))
    add_manual_award(programme.db, tier.id, Recipient("李想", "金融2301班", "一队"))
    programme.close()
    target = tmp_path / "c.pdf"
    code, _, err = run("--db", str(db), "print", "certificates", "--out", str(target))
    assert code == 0 and target.exists()
    assert "张芳" in err and "recipient" in err and "李想" not in err


def test_certificates_that_fit_say_nothing(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db, names=("张芳", "阿依古丽·买买提", "Mary-Jane Watson-Smith"))
    code, _, err = run("--db", str(db), "print", "certificates", "--out", str(tmp_path / "c.pdf"))
    assert code == 0 and err == ""


def _prints(db) -> list[tuple[str, int, int]]:
    programme = open_programme(db)
    rows = [(c.recipient_name, c.prints, c.reissues) for c in list_certificates(programme.db)]
    programme.close()
    return rows


def test_a_second_run_refuses_certificates_printed_before(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db)
    first = tmp_path / "first.pdf"
    assert run("--db", str(db), "print", "certificates", "--out", str(first))[0] == 0
    # the same command again (an accidental second run): refused, nothing printed or registered
    again = tmp_path / "again.pdf"
    code, _, err = run("--db", str(db), "print", "certificates", "--out", str(again))
    assert code == 1
    assert "2" in err and "--reprint" in err and "--reissue" in err
    assert not again.exists()
    assert _prints(db) == [("张芳", 1, 0), ("阿依古丽·买买提", 1, 0)]
    # a deliberate reprint keeps the serials and says so in the register
    code, _, err = run("--db", str(db), "print", "certificates", "--out", str(again), "--reprint")
    assert code == 0, err
    assert _prints(db) == [("张芳", 2, 0), ("阿依古丽·买买提", 2, 0)]
    code, _, err = run("--db", str(db), "print", "certificates", "--out", str(again), "--reissue")
    assert code == 0, err
    assert _prints(db) == [("张芳", 3, 1), ("阿依古丽·买买提", 3, 1)]
    # the two ways of printing again exclude each other: a usage error
    code, _, _ = run(
        "--db", str(db), "print", "certificates", "--out", str(again), "--reprint", "--reissue"
    )
    assert code == 2


def test_a_run_with_new_awards_names_those_printed_before_or_prints_only_the_new(tmp_path):
    db = tmp_path / "p.db"
    programme_with_awards(db)
    assert run("--db", str(db), "print", "certificates", "--out", str(tmp_path / "a.pdf"))[0] == 0
    programme_with_awards(db, ("王小明",))
    target = tmp_path / "b.pdf"
    code, _, err = run("--db", str(db), "print", "certificates", "--out", str(target))
    assert code == 1 and not target.exists()
    assert "2 of these 3" in err or "3 张证书中有 2 张" in err
    assert "--new-only" in err
    code, stdout, err = run(
        "--db", str(db), "print", "certificates", "--out", str(target), "--new-only"
    )
    assert code == 0, err
    pdf = pdfium.PdfDocument(str(target))
    assert len(pdf) == 1
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    assert "王小明" in text and "张芳" not in text
    assert "2" in stdout
    assert _prints(db) == [("张芳", 1, 0), ("阿依古丽·买买提", 1, 0), ("王小明", 1, 0)]
    # nothing new left: said, and nothing written
    code, _, err = run(
        "--db", str(db), "print", "certificates", "--out", str(tmp_path / "c.pdf"), "--new-only"
    )
    assert code == 1 and err.strip() and not (tmp_path / "c.pdf").exists()
