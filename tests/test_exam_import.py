"""The question-bank text parser (DESIGN.md §4.2), the spreadsheet importer and the CLI."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.cli import main
from outreach.exam.question_import import (
    decode_text,
    export_questions,
    import_preview,
    preview_file,
    preview_text,
)
from outreach.exam.questions import list_questions

SAMPLE = Path("/work/shared/samples/questions_sample.txt")
SAMPLE_TEXT = """1、保险合同成立后，投保人一般可以解除合同。这体现了（ ）。
A. 双务性
B. 附和性
C. 投保人单方解除权
D. 射幸性
【答案】：C
【解析】：《保险法》规定投保人可以解除保险合同。

2.下列关于保险受益人的说法，正确的是（ ）。
A、受益人只能是被保险人本人
B、受益人由被保险人或者投保人指定
C、受益人必须是投保人的配偶
D、受益人由保险公司指定
【答案】:B

3．保险事故发生后，被保险人应当及时通知保险人。（ ）
【答案】对
"""


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def codes(preview) -> list[tuple[int, str]]:
    return [(p.line, p.message.key.rsplit(".", 1)[-1]) for p in preview.problems]


def test_the_three_numbering_styles_and_answer_forms():
    preview = preview_text(SAMPLE_TEXT)
    assert preview.ok, preview.problem_texts("en")
    first, second, third = preview.questions
    assert (first.kind, first.answer, first.line) == ("single", "C", 1)
    assert first.options[2] == "投保人单方解除权"
    assert first.explanation.startswith("《保险法》")
    assert (second.kind, second.answer, second.line) == ("single", "B", 9)
    assert second.explanation == ""
    assert (third.kind, third.answer, third.options) == ("truefalse", "对", [])


def test_option_styles_full_width_marks_and_multiple_answers():
    text = (
        "1） 下列属于人身保险的有（ ）\n"
        "(A) 人寿保险\n（B）健康保险\nC． 意外伤害保险\nD：家庭财产保险\n"
        "［答案］：ａ，Ｂ、C\n【解析】: 第九十五条\n第二行解析\n"
        "2、保险利益是法律上承认的利益。（ ）\n【答案】：√\n"
        "3、判断 A.对  B.错 排在一行的选择\nA.对  B.错\n【答案】B\n"
    )
    preview = preview_text(text)
    assert preview.ok, preview.problem_texts("en")
    multiple, truefalse, inline = preview.questions
    assert multiple.kind == "multiple" and multiple.answer == "ABC"
    assert multiple.options == ["人寿保险", "健康保险", "意外伤害保险", "家庭财产保险"]
    assert multiple.explanation == "第九十五条\n第二行解析"
    assert (truefalse.kind, truefalse.answer) == ("truefalse", "对")
    assert inline.options == ["对", "错"] and inline.answer == "B"


def test_section_headings_hint_the_type_and_extensions_are_read():
    text = (
        "保险知识题库\n一、多项选择题\n1、只有一个正确项的多选题（ ）\nA. 甲\nB. 乙\n【答案】A\n"
        "【知识点】：理赔\n【难度】：难\n【备用】\n"
        "二、判断题\n2、保险是一种风险转移机制\nA. 正确\nB. 错误\n【答案】错\n"
    )
    preview = preview_text(text)
    first = preview.questions[0]
    assert (first.kind, first.topic, first.difficulty, first.reserved) == (
        "multiple",
        "理赔",
        3,
        True,
    )
    # a true/false answer under a 判断题 heading, with options, is reported, not guessed
    assert codes(preview) == [(14, "truefalse_options")]


def test_every_error_names_its_line():
    text = (
        "1、没有答案的题（ ）\nA. 甲\nB. 乙\n\n"  # line 1: no answer
        "2、答案不在选项中（ ）\nA. 甲\nB. 乙\n【答案】：C\n"  # line 8: letter not an option
        "3、有空选项（ ）\nA. 甲\nB.\n【答案】A\n"  # line 11: empty option
        "4、没有答案的题。\nA. 其他\nB. 乙\n【答案】B\n"  # line 13: duplicate of line 1
        "5、看不懂的答案\nA. 甲\nB. 乙\n【答案】：见解析\n"  # line 20: unreadable answer
        "6、单选题\n A. 甲\nB. 乙\n【题型】单选\n【答案】AB\n"  # line 25: several for a single
    )
    preview = preview_text(text)
    assert not preview.ok
    assert codes(preview) == [
        (1, "no_answer"),
        (8, "letter_not_option"),
        (11, "empty_option"),
        (13, "duplicate"),
        (20, "bad_answer"),
        (25, "single_many"),
    ]
    assert preview.problem_texts("en")[0] == 'line 1: No answer (the "【答案】" marker is missing)'
    assert preview.problem_texts("zh_CN")[2] == "第 11 行：选项 B 为空"


def test_a_file_without_questions_is_not_blamed_on_line_0(db, tmp_path):
    # "no_questions_at_all.txt line 0: No questions found in the file"
    path = tmp_path / "bank.txt"
    path.write_text("这只是一段说明文字。\n没有任何题目。\n", encoding="utf-8")
    preview = preview_file(path, db)
    assert preview.problem_texts("en") == ["bank.txt: No questions found in the file"]
    assert preview.problem_texts("zh_CN") == ["bank.txt：文件中没有找到题目"]


def test_duplicates_are_found_after_normalising_punctuation_width_and_spaces(db):
    text = "1、保险的基本职能是（ ）。\nA. 分散风险\nB. 投资\n【答案】A\n"
    import_preview(db, preview_text(text))
    again = preview_text("7. 保险的 基本职能是()\nA. x\nB. y\n【答案】B\n", db=db)
    assert codes(again) == [(1, "in_bank")]


def test_encodings_line_endings_and_bom(tmp_path):
    for name, data in {
        "gb.txt": SAMPLE_TEXT.encode("gb18030"),
        "crlf.txt": SAMPLE_TEXT.replace("\n", "\r\n").encode("utf-8"),
        "bom.txt": b"\xef\xbb\xbf" + SAMPLE_TEXT.replace("\n", "\r\n").encode("utf-8"),
        "utf16.txt": SAMPLE_TEXT.encode("utf-16"),
        "mac.txt": SAMPLE_TEXT.replace("\n", "\r").encode("utf-8"),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        preview = preview_file(path)
        assert preview.ok, (name, preview.problem_texts("en"))
        assert [q.answer for q in preview.questions] == ["C", "B", "对"], name
        assert preview.questions[0].stem.startswith("保险合同成立后")


def test_the_shared_sample_file_parses():
    if SAMPLE.exists():
        preview = preview_file(SAMPLE)
        assert preview.ok and len(preview.questions) == 3


def test_decode_text_never_fails():
    assert decode_text(b"\xff\xfe") == ""
    assert "\r" not in decode_text(b"a\r\nb\rc")


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("1、.．2A.B、(C)（）【答案】解析：:对错 \n題x")), max_size=300
    )
)
def test_the_parser_never_crashes_on_marker_soup(text):
    preview = preview_text(text)
    for problem in preview.problems:
        assert problem.line >= 0
        assert problem.message.render("en")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_the_parser_never_crashes_on_any_text(text):
    preview = preview_text(text)
    assert isinstance(preview.problems, list)


def test_csv_and_xlsx_import_round_trip(tmp_path, db):
    import_preview(db, preview_text(SAMPLE_TEXT))
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"bank{suffix}"
        assert export_questions(db, path) == 3
        preview = preview_file(path)
        assert preview.ok, preview.problem_texts("en")
        assert [(q.kind, q.answer) for q in preview.questions] == [
            ("single", "C"),
            ("single", "B"),
            ("truefalse", "对"),
        ]
        assert preview_file(path, db).problems  # duplicates of the bank


def test_csv_rows_are_named_in_problems(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        "题型,题干,选项A,选项B,答案\n单选,好题,甲,乙,A\n单选,坏题,甲,,C\n判断,是非题,,,对\n",
        encoding="gb18030",
    )
    preview = preview_file(path)
    assert codes(preview) == [(3, "letter_not_option"), (3, "few_options")]
    assert preview.problem_texts("en")[0].startswith("q.csv row 3: ")


def test_cli_import_dry_run_then_import_then_export(tmp_path):
    db_path = str(tmp_path / "p.db")
    source = tmp_path / "bank.txt"
    source.write_text(SAMPLE_TEXT, encoding="utf-8")
    code, out, _ = run("--db", db_path, "import", "questions", str(source), "--dry-run")
    assert code == 0 and "3" in out
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM questions").fetchone()[0] == 0
    code, out, _ = run("--db", db_path, "import", "questions", str(source))
    assert code == 0
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM questions").fetchone()[0] == 3
    code, _, err = run("--db", db_path, "import", "questions", str(source))
    assert code == 1 and "bank.txt" in err
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM questions").fetchone()[0] == 3
    out_file = tmp_path / "out.xlsx"
    code, _, _ = run("--db", db_path, "export", "questions", str(out_file))
    assert code == 0 and out_file.exists()


def test_cli_import_of_a_broken_file_changes_nothing(tmp_path):
    db_path = str(tmp_path / "p.db")
    source = tmp_path / "bad.txt"
    source.write_text(SAMPLE_TEXT + "4、没有答案\nA. 甲\nB. 乙\n", encoding="utf-8")
    code, _, err = run("--db", db_path, "import", "questions", str(source))
    assert code == 1
    assert "bad.txt line 18" in err
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM questions").fetchone()[0] == 0


def test_demo_bank_imports_cleanly():
    from outreach.exam.demo import DEMO_BANK

    preview = preview_file(DEMO_BANK)
    assert preview.ok, preview.problem_texts("en")
    assert len(preview.questions) >= 30
    assert {q.kind for q in preview.questions} == {"single", "multiple", "truefalse"}
    assert all(q.explanation for q in preview.questions)
    assert sum(q.reserved for q in preview.questions) >= 3


def test_imported_questions_are_listed(db):
    import_preview(db, preview_text(SAMPLE_TEXT))
    assert [q.answer for q in list_questions(db)] == ["C", "B", "对"]
