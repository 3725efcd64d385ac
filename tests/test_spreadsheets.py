"""Reading and writing the organisers' tables."""

from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook

from outreach.spreadsheets import TableError, normalise_cell, read_table, write_table

ALIASES = {"name": ["姓名", "name"], "student_no": ["学号", "student_no"]}


def test_encodings_are_recognised(tmp_path):
    text = "姓名,学号\n张芳,2024010101\n"
    for encoding in ("utf-8", "utf-8-sig", "gb18030", "utf-16"):
        path = tmp_path / f"{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        table = read_table(path, ALIASES, ["name", "student_no"])
        assert [r.cells for r in table.rows] == [{"name": "张芳", "student_no": "2024010101"}]
        assert table.rows[0].number == 2


def test_full_width_is_folded_and_cells_trimmed():
    assert normalise_cell("  ２０２４０１Ａ　") == "202401A"
    assert normalise_cell(2024010101.0) == "2024010101"
    assert normalise_cell(None) == ""


def test_blank_rows_skipped_and_row_numbers_kept(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("\n学号,姓名\n\n1,甲\n,\n2,乙\n", encoding="utf-8")
    table = read_table(path, ALIASES, ["name"])
    assert [(r.number, r.cells["name"]) for r in table.rows] == [(4, "甲"), (6, "乙")]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\xff\xfe\xfd\xfc\x81\x30" * 3 + b"\x80", "encoding"),
        ("名字,电话\n张,1\n".encode(), "missing column"),
    ],
)
def test_bad_files_raise_a_clear_message(tmp_path, content, needle):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(TableError) as caught:
        read_table(path, ALIASES, ["name", "student_no"])
    assert "bad.csv" in str(caught.value)
    assert needle in str(caught.value)


def test_damaged_xlsx_and_wrong_extension(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(TableError, match=r"broken\.xlsx"):
        read_table(broken, ALIASES, ["name"])
    other = tmp_path / "roster.doc"
    other.write_bytes(b"x")
    with pytest.raises(TableError, match="unsupported"):
        read_table(other, ALIASES, ["name"])


def test_xlsx_numbers_stay_exact(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["学号", "姓名"])
    sheet.append([2024010101, "张芳"])
    sheet.append([13800000001.0, "李"])
    path = tmp_path / "r.xlsx"
    workbook.save(path)
    table = read_table(path, ALIASES, ["name", "student_no"])
    assert [r.cells["student_no"] for r in table.rows] == ["2024010101", "13800000001"]


def test_export_neutralises_formulas_in_csv_and_xlsx(tmp_path):
    rows = [["=1+1", "+86", "-x", "@SUM(A1)", "张芳", 42]]
    csv_path = tmp_path / "out.csv"
    write_table(csv_path, ["a", "b", "c", "d", "e", "f"], rows)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "'=1+1,'+86,'-x,'@SUM(A1),张芳,42" in raw.decode("utf-8-sig")
    xlsx_path = tmp_path / "out.xlsx"
    write_table(xlsx_path, ["a", "b", "c", "d", "e", "f"], rows)
    values = [c.value for c in next(load_workbook(xlsx_path).active.iter_rows(min_row=2))]
    assert values == ["'=1+1", "'+86", "'-x", "'@SUM(A1)", "张芳", 42]
    with pytest.raises(TableError):
        write_table(tmp_path / "out.txt", ["a"], [])


def test_missing_columns_are_named_as_headers_people_write(tmp_path):
    # The message listed the program's field names ("student_no, version, answers"), which
    # no organiser writes in a header row.
    path = tmp_path / "r.csv"
    path.write_text("名字,电话\n张,1\n", encoding="utf-8")
    with pytest.raises(TableError) as caught:
        read_table(path, ALIASES, ["name", "student_no"])
    text = caught.value.message.render("zh_CN")
    assert "缺少列 姓名/name, 学号/student_no" in text
    assert "电话" in text
