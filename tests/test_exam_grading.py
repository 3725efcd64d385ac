"""Answer strings, grading, voiding, ranks with ties, team standings, finalists, imports."""

from __future__ import annotations

import io
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.cli import main
from outreach.exam.answers import (
    AnswerError,
    format_key,
    import_answers,
    parse_answers,
    preview_answers,
    save_sheet,
)
from outreach.exam.exams import (
    Exam,
    ExamError,
    exam_by_name,
    exam_questions,
    save_exam,
    set_exam_questions,
    void_question,
)
from outreach.exam.papers import make_versions, paper, papers
from outreach.exam.questions import Question, add_question
from outreach.exam.results import (
    FinalistError,
    exam_statistics,
    finalists,
    person_results,
    ranks,
    settle_finalists,
    team_standings,
)
from outreach.storage.database import new_id, now_iso


def roster(db, teams=3, size=5):
    """Teams T0… with members whose student numbers are S<team><k>."""
    made = {}
    for t in range(teams):
        team_id = new_id()
        db["teams"].insert(
            {"id": team_id, "class_name": f"班{t}", "name": f"队{t}", "created_at": now_iso()}
        )
        for k in range(size):
            member_id = new_id()
            db["members"].insert(
                {
                    "id": member_id,
                    "team_id": team_id,
                    "name": f"队员{t}{k}",
                    "student_no": f"S{t}{k}",
                    "class_name": f"班{t}",
                    "role": "captain" if k == 0 else "member",
                    "created_at": now_iso(),
                }
            )
        made[team_id] = t
    return made


def small_exam(db, mode="all_or_nothing", versions=2):
    questions = [
        add_question(db, Question("", "single", "单1", ["甲", "乙", "丙", "丁"], "B")),
        add_question(db, Question("", "single", "单2", ["甲", "乙", "丙"], "C")),
        add_question(db, Question("", "multiple", "多1", ["甲", "乙", "丙", "丁"], "ACD")),
        add_question(db, Question("", "multiple", "多2", ["甲", "乙", "丙", "丁"], "AB")),
        add_question(db, Question("", "truefalse", "判1", [], "对")),
        add_question(db, Question("", "truefalse", "判2", [], "错")),
    ]
    exam = save_exam(
        db,
        Exam(
            "",
            "初赛",
            points_single=2,
            points_multiple=4,
            points_truefalse=1,
            multiple_mode=mode,
            partial_points=1,
            finalist_count=2,
        ),
    )
    set_exam_questions(db, exam.id, [q.id for q in questions])
    make_versions(db, exam.id, versions)
    return exam


def test_the_quick_answer_string(db):
    exam = small_exam(db)
    items = paper(db, exam.id, "A").items
    kinds = [i.kind for i in items]
    assert kinds == ["single", "single", "multiple", "multiple", "truefalse", "truefalse"]
    parsed = parse_answers(items, "ab acd,ba tf")
    assert parsed.ok and parsed.responses == ["A", "B", "ACD", "AB", "对", "错"]
    assert parse_answers(items, "12 134.12 10").responses == ["A", "B", "ACD", "AB", "对", "错"]
    assert parse_answers(items, "ＡＢ ＡＣＤ，ＢＡ √×").ok
    blanks = parse_answers(items, "-B - AB --")
    assert blanks.ok and blanks.responses == ["", "B", "", "AB", "", ""]
    # a multiple-choice answer runs into the true/false letters without a separator
    assert parse_answers(items, "ABACD ABTF").ok


def test_problems_are_flagged_with_their_question(db):
    exam = small_exam(db)
    items = paper(db, exam.id, "A").items
    short = parse_answers(items, "AB ACD")
    assert [p.message.key for p in short.problems] == ["exam.answers.error.too_short"]
    long = parse_answers(items, "AB ACD AB TF A")
    assert [p.message.key for p in long.problems] == ["exam.answers.error.too_long"]
    impossible = parse_answers(items, "AE ACE AB TX")
    keys = [(p.number, p.message.key.rsplit(".", 1)[-1]) for p in impossible.problems]
    assert (2, "impossible") in keys and (3, "impossible") in keys
    # option D does not exist on a three-option question
    three = next(i for i in items if len(i.question.options) == 3)
    answers = ["A"] * 6
    answers[three.number - 1] = "D"
    bad = parse_answers(items, "".join(answers[:2]) + " AB AB TF")
    assert any(p.number == three.number for p in bad.problems)
    assert (
        parse_answers(items, "AB AAB AB TF").problems[0].message.key
        == "exam.answers.error.repeated"
    )


def test_answering_any_version_by_its_own_key_gives_full_marks(db):
    roster(db, teams=1, size=4)
    exam = small_exam(db, versions=4)
    for k, (letter, version) in enumerate(papers(db, exam.id).items()):
        save_sheet(db, exam.id, f"S0{k}", letter, format_key(version.items))
    results = person_results(db, exam.id)
    assert [r.score for r in results] == [14, 14, 14, 14]
    assert all(r.rank == 1 and r.tied for r in results)
    assert {r.version for r in results} == {"A", "B", "C", "D"}


def test_grading_partial_credit_voiding_and_ties(db):
    roster(db, teams=1, size=3)
    exam = small_exam(db, mode="partial")
    items = paper(db, exam.id, "A").items
    key = [i.key for i in items]
    multiple = next(i for i in items if i.kind == "multiple" and len(i.key) == 3)
    subset = list(key)
    subset[multiple.number - 1] = multiple.key[:2]  # two of three right letters
    wrong = list(key)
    wrong[0] = "A" if key[0] != "A" else "B"
    for student, answers in (("S00", key), ("S01", subset), ("S02", wrong)):
        save_sheet(db, exam.id, student, "A", " ".join(answers))
    scores = {r.student_no: (r.score, r.rank) for r in person_results(db, exam.id)}
    assert scores == {"S00": (14, 1), "S02": (12, 2), "S01": (11, 3)}
    # voiding the first question regrades everyone: S02's mistake no longer counts
    void_question(db, exam.id, items[0].position, "印刷错误")
    scores = {r.student_no: (r.score, r.rank, r.max_score) for r in person_results(db, exam.id)}
    assert scores["S00"] == (12, 1, 12) and scores["S02"] == (12, 1, 12)
    assert scores["S01"] == (9, 3, 12)


def test_all_or_nothing_gives_no_partial_credit(db):
    roster(db, teams=1, size=1)
    exam = small_exam(db)
    items = paper(db, exam.id, "A").items
    answers = [i.key for i in items]
    multiple = next(i for i in items if i.kind == "multiple" and len(i.key) == 3)
    answers[multiple.number - 1] = multiple.key[:2]
    save_sheet(db, exam.id, "S00", "A", " ".join(answers))
    assert person_results(db, exam.id)[0].score == 10


def test_ranks_share_places():
    assert ranks([100, 90, 90, 80, 80, 80, 70]) == [1, 2, 2, 4, 4, 4, 7]


def _fill(db, exam, scores_by_student):
    """Sheets giving each student ``n`` right single/true-false answers."""
    version = paper(db, exam.id, "A")
    for student, right in scores_by_student.items():
        answers = []
        for index, item in enumerate(version.items):
            if index < right:
                answers.append(item.key)
            else:
                answers.append("-")
        save_sheet(db, exam.id, student, "A", " ".join(answers))


def test_team_score_is_the_best_four_and_the_cut_line_tie_must_be_settled(db):
    teams = roster(db, teams=3, size=5)
    exam = small_exam(db)
    # n right answers in paper order; team 0's fifth member beats two of its first four
    _fill(
        db,
        exam,
        {
            "S00": 6,
            "S01": 6,
            "S02": 1,
            "S03": 1,
            "S04": 6,
            "S10": 6,
            "S11": 6,
            "S12": 1,
            "S13": 1,
            "S14": 0,
            "S20": 6,
            "S21": 6,
            "S22": 6,
            "S23": 1,
            "S24": 0,
        },
    )
    standings = team_standings(db, exam.id)
    by_name = {s.team_name: s for s in standings}
    assert len(by_name["队0"].counted) == 4
    assert by_name["队0"].score == by_name["队2"].score  # S04 counts instead of a weaker one
    assert by_name["队0"].rank == by_name["队2"].rank == 1 and by_name["队0"].tied
    assert by_name["队1"].rank == 3
    result = finalists(db, exam.id)
    assert result.tied_ids == () and len(result.finalist_ids) == 2
    # finalist_count 1 with two teams tied at the top: flagged, nobody cut silently
    save_exam(db, Exam(**{**exam.__dict__, "finalist_count": 1}))
    result = finalists(db, exam.id)
    assert set(result.tied_ids) == {by_name["队0"].team_id, by_name["队2"].team_id}
    assert result.needs_settlement and result.slots_for_tied == 1
    assert result.finalist_ids == []
    with pytest.raises(FinalistError):
        settle_finalists(db, exam.id, list(result.tied_ids))
    settled = settle_finalists(db, exam.id, [by_name["队2"].team_id], "附加赛 队2 胜")
    assert settled.settled and settled.finalist_ids == [by_name["队2"].team_id]
    assert [t.team_id for t in settled.teams] == [by_name["队2"].team_id]
    assert {p.team_id for p in settled} == {by_name["队2"].team_id}
    assert teams  # the roster exists


def test_individual_finalists(db):
    roster(db, teams=2, size=2)
    exam = small_exam(db)
    save_exam(db, Exam(**{**exam.__dict__, "finalist_mode": "individuals", "finalist_count": 2}))
    _fill(db, exam, {"S00": 6, "S01": 5, "S10": 4, "S11": 3})
    result = finalists(db, exam.id)
    assert [p.name for p in result] == ["队员00", "队员01"]
    assert [t.label for t in result.teams] == ["队0"]


def test_statistics_flag_a_question_the_strong_get_wrong(db):
    roster(db, teams=4, size=5)
    exam = small_exam(db)
    version = paper(db, exam.id, "A")
    students = [f"S{t}{k}" for t in range(4) for k in range(5)]
    for rank, student in enumerate(students):
        answers = []
        for index, item in enumerate(version.items):
            right = index < 6 - rank // 4
            if index == 0:
                right = rank >= 10  # the weaker half get question 1 right
            answers.append(item.key if right else "-")
        save_sheet(db, exam.id, student, "A", " ".join(answers))
    stats = {s.position: s for s in exam_statistics(db, exam.id)}
    first = stats[version.items[0].position]
    assert first.share_correct == pytest.approx(0.5)
    assert first.discrimination < 0 and first.suspicious
    assert sum(first.choices.values()) == 20


def test_sheet_errors_are_refused(db):
    roster(db, teams=1, size=1)
    exam = small_exam(db)
    with pytest.raises(AnswerError) as error:
        save_sheet(db, exam.id, "NOPE", "Z", "AB")
    keys = [p.key for p in error.value.problems]
    assert keys == ["exam.answers.error.unknown_student", "exam.answers.error.unknown_version"]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_answers_import_is_all_or_nothing(tmp_path, db):
    roster(db, teams=1, size=3)
    exam = small_exam(db)
    key_a = format_key(paper(db, exam.id, "A").items)
    bad = tmp_path / "answers.csv"
    bad.write_text(
        f'学号,试卷,答案\nS00,A,"{key_a}"\nS99,A,"{key_a}"\nS01,C,"{key_a}"\nS02,A,AB\nS00,A,"{key_a}"\n',
        encoding="gb18030",
    )
    preview = preview_answers(db, exam.id, bad)
    problems = [(p.row, p.message.key.rsplit(".", 1)[-1]) for p in preview.problems]
    assert problems == [
        (3, "unknown_student"),
        (4, "unknown_version"),
        (5, "too_short"),
        (6, "twice"),
    ]
    assert preview.problem_texts("en")[0].startswith("answers.csv row 3: ")
    assert preview.problem_texts("zh_CN")[0].startswith("answers.csv 第 3 行：")
    header_only = tmp_path / "header_only.csv"
    header_only.write_text("学号,试卷,答案\n", encoding="utf-8")
    # the file as a whole, not "row 0"
    assert preview_answers(db, exam.id, header_only).problem_texts("en") == [
        "header_only.csv: No answer sheets in the file"
    ]
    good = tmp_path / "answers.xlsx"
    from outreach.spreadsheets import write_table

    write_table(
        good, ["student_no", "version", "answers"], [["S00", "A", key_a], ["S01", "a", key_a]]
    )
    preview = preview_answers(db, exam.id, good)
    assert preview.ok
    assert import_answers(db, exam.id, preview) == 2
    assert [r.score for r in person_results(db, exam.id)] == [14, 14]


def test_cli_answers_print_and_exports(tmp_path):
    db_path = str(tmp_path / "p.db")
    assert run("--db", db_path, "demo")[0] == 0
    conn = sqlite3.connect(db_path)
    sheets = conn.execute("SELECT count(*) FROM answer_sheets").fetchone()[0]
    members = conn.execute("SELECT count(*) FROM members").fetchone()[0]
    assert sheets == members > 0
    student = conn.execute("SELECT student_no FROM members LIMIT 1").fetchone()[0]
    conn.close()
    bad = tmp_path / "a.csv"
    bad.write_text(f"学号,试卷,答案\n{student},A,ABC\n", encoding="utf-8")
    code, _, err = run("--db", db_path, "import", "answers", str(bad), "--exam", "初赛")
    assert code == 1 and "a.csv" in err and "2" in err
    code, _, err = run("--db", db_path, "import", "answers", str(bad), "--exam", "复赛")
    assert code == 1 and "初赛" in err
    for what in ("results", "standings"):
        out = tmp_path / f"{what}.csv"
        code, _, _ = run("--db", db_path, "export", what, str(out))
        assert code == 0 and out.exists()
    assert "名次" in (tmp_path / "results.csv").read_text(encoding="utf-8-sig")
    code, _, _ = run(
        "--db",
        db_path,
        "print",
        "exam",
        "--exam",
        "初赛",
        "--versions",
        "2",
        "--out",
        str(tmp_path / "p.pdf"),
    )
    assert code == 0
    code, _, _ = run(
        "--db", db_path, "print", "answer-key", "--exam", "初赛", "--out", str(tmp_path / "k.pdf")
    )
    assert code == 0
    # answers exist: the versions are never reduced; asking for one prints version A only
    code, _, err = run(
        "--db",
        db_path,
        "print",
        "exam",
        "--exam",
        "初赛",
        "--versions",
        "1",
        "--out",
        str(tmp_path / "q.pdf"),
    )
    assert code == 0, err
    from outreach.exam.exams import exam_by_name
    from outreach.exam.papers import list_versions
    from outreach.storage import open_programme

    programme = open_programme(db_path)
    try:
        assert list_versions(programme.db, exam_by_name(programme.db, "初赛").id) == ["A", "B"]
    finally:
        programme.close()


def test_the_exam_is_locked_once_answers_exist(db):
    roster(db, teams=1, size=1)
    exam = small_exam(db)
    save_sheet(db, exam.id, "S00", "A", format_key(paper(db, exam.id, "A").items))
    from outreach.exam.exams import ExamError

    with pytest.raises(ExamError):
        set_exam_questions(db, exam.id, [q.question.id for q in exam_questions(db, exam.id)][:2])
    assert make_versions(db, exam.id, 3) == ["A", "B", "C"]  # more versions are fine
    assert paper(db, exam.id, "A").key == paper(db, exam.id, "A").key


def test_check_reports_a_sheet_that_does_not_fit_its_version(db):
    from outreach.exam.checks import check as run_checks

    roster(db, teams=1, size=1)
    exam = small_exam(db)
    save_sheet(db, exam.id, "S00", "A", format_key(paper(db, exam.id, "A").items))
    assert run_checks(db) == []
    db.execute("UPDATE answer_sheets SET answers = 'A'")
    assert [p.key for p in run_checks(db)] == ["exam.check.bad_sheet"]


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ABCDEFGHXTF对错√×-_ ,./+0123456789ａ")), max_size=40))
def test_the_answer_parser_never_crashes_and_always_gives_one_response_per_question(text):
    items = _FUZZ_ITEMS
    parsed = parse_answers(items, text)
    assert len(parsed.responses) == len(items)
    for response, item in zip(parsed.responses, items, strict=True):
        if response and item.kind != "truefalse":
            assert set(response) <= set("ABCD"[: len(item.question.options)])
    for problem in parsed.problems:
        assert problem.message.render("en")


def _fuzz_items():
    from outreach.storage import memory_programme

    programme = memory_programme()
    exam = small_exam(programme.db)
    items = paper(programme.db, exam.id, "A").items
    programme.close()
    return items


_FUZZ_ITEMS = _fuzz_items()


def test_the_demo_exam_scores_do_not_depend_on_random_ids(demo_db):
    """Ids (and so the versions' shuffles) are random; the demo's scores, and so its finalists
    and everything built on them, must still come out the same every time."""
    from outreach.demo import fill_demo
    from outreach.exam.exams import list_exams
    from outreach.storage import memory_programme

    def scores(db):
        (exam,) = list_exams(db)
        return {r.student_no: r.score for r in person_results(db, exam.id)}

    other = memory_programme()
    try:
        fill_demo(other.db)
        assert scores(other.db) == scores(demo_db)
        (exam,) = list_exams(demo_db)
        assert not finalists(demo_db, exam.id).tied_ids, "no tie at the demo's cut line"
    finally:
        other.close()


def test_an_answer_file_whose_name_does_not_match_the_student_number_is_refused(db, tmp_path):
    # The 姓名 column was read and ignored: a mistyped student number graded another person.
    roster(db)
    exam = small_exam(db)
    key_a = format_key(paper(db, exam.id, "A").items)
    path = tmp_path / "answers.csv"
    path.write_text(
        f'学号,姓名,试卷,答案\nS00,队员00,A,"{key_a}"\nS01,队员 0 1,A,"{key_a}"\n'
        f'S02,队员03,A,"{key_a}"\nS04,,A,"{key_a}"\n',
        encoding="utf-8",
    )
    preview = preview_answers(db, exam.id, path)
    assert [(p.row, p.message.key.rsplit(".", 1)[-1]) for p in preview.problems] == [
        (4, "name_mismatch")
    ]
    text = preview.problem_texts("zh_CN")[0]
    assert "S02" in text and "队员02" in text and "队员03" in text


def test_answers_for_an_exam_without_versions_say_what_to_do(db):
    # "No paper version “A” (known: -)"
    from outreach.exam.answers import check_sheet

    roster(db, teams=1, size=1)
    exam = save_exam(db, Exam("", "模拟"))
    _, _, _, problems = check_sheet(db, exam.id, "S00", "A", "AB")
    assert [p.key for p in problems] == ["exam.answers.error.no_versions"]
    assert "生成版本" in problems[0].render("zh_CN")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("2026-12-04", "2026-12-04"),
        ("2026/12/04", "2026-12-04"),
        ("2026/12/4", "2026-12-04"),
        ("2026.12.4", "2026-12-04"),
        ("2026年12月4日", "2026-12-04"),
        ("２０２６年１２月４日", "2026-12-04"),
        (" 2026 年 12 月 4 号 ", "2026-12-04"),
        ("", ""),
    ],
)
def test_the_exam_date_is_read_in_the_forms_people_type(db, typed, stored):
    exam = save_exam(db, Exam("", "模拟", exam_date=typed))
    assert exam.exam_date == stored


@pytest.mark.parametrize(
    "typed", ["下周五", "2026-13-01", "2026-02-30", "2026/12-04", "12/04/2026"]
)
def test_a_date_that_is_not_one_is_refused_and_nothing_saved(db, typed):
    with pytest.raises(ExamError) as refused:
        save_exam(db, Exam("", "模拟", exam_date=typed))
    assert typed in refused.value.problems[0].render("en")
    assert exam_by_name(db, "模拟") is None


@pytest.mark.parametrize(
    ("language", "label"), [("en", "队员00 (S00)"), ("zh_CN", "队员00（S00）")]
)
def test_an_individual_finalist_is_labelled_with_the_languages_brackets(db, language, label):
    # "队员00（S00）" showed its Chinese brackets in the English Exam page
    from outreach import i18n

    roster(db, teams=2, size=2)
    exam = small_exam(db)
    save_exam(db, Exam(**{**exam.__dict__, "finalist_mode": "individuals", "finalist_count": 2}))
    _fill(db, exam, {"S00": 6, "S01": 5, "S10": 4, "S11": 3})
    i18n.set_language(language)
    assert finalists(db, exam.id).entries[0].label == label
