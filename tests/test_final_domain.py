"""The final on a real (in-memory) programme: set-up lock, append-only log, live actions,
buzzers, risk order, standings contract, demo, check, printouts and the command line."""

from __future__ import annotations

import sqlite3

import pypdfium2
import pytest

from outreach import cli
from outreach.checks import run_checks
from outreach.final import finals, scoring
from outreach.final.live import Live, QuestionInput
from outreach.final.log_export import export_log
from outreach.final.standings import final_standings, list_finals

TEAMS = [("a", "甲队", "金融1"), ("b", "乙队", "金融2"), ("c", "丙队", "保险1")]
Q = QuestionInput("保险利益原则指什么？", ["A 项", "B 项"], "A", "解析文字")


@pytest.fixture
def final(db):
    made = finals.create_final(db, "决赛", base_score=100)
    finals.set_teams(db, made.id, TEAMS)
    return made


def test_setup_is_editable_until_scoring_starts_then_needs_a_logged_unlock(db, final):
    finals.update_final(db, final.id, base_score=120)
    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    with pytest.raises(finals.FinalError) as refused:
        finals.update_final(db, final.id, base_score=50)
    assert "解锁" in refused.value.message.render("zh_CN")
    assert finals.get_final(db, final.id).base_score == 120
    with pytest.raises(finals.FinalError):
        finals.unlock_setup(db, final.id, "  ")
    finals.unlock_setup(db, final.id, "评委要求改基础分")
    finals.update_final(db, final.id, base_score=50)
    kinds = [e.kind for e in finals.load_events(db, final.id)]
    assert kinds[-2:] == [scoring.UNLOCK, scoring.SETUP]
    finals.lock_setup(db, final.id)
    assert finals.setup_locked(db, final.id)


def test_the_score_log_refuses_update_and_delete(db, final):
    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("UPDATE final_events SET points = 99")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        db.execute("DELETE FROM final_events")


def test_compulsory_round_teams_answer_in_draw_order(db, final):
    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    answered = []
    for outcome in ("right", "wrong", "right"):
        live.open_question(Q)
        answered.append(live.state.question.answering_team_id)
        live.answer(outcome)
    assert answered == ["a", "b", "c"]
    totals = {s.team_id: s.total for s in final_standings(db, final.id)}
    assert totals == {"a": 110, "b": 100, "c": 110}
    # Undo is a new event: the log only grows.
    count = len(finals.load_events(db, final.id))
    live.undo()
    assert len(finals.load_events(db, final.id)) == count + 1
    assert {s.team_id: s.total for s in final_standings(db, final.id)}["c"] == 100


def test_a_question_scored_right_keeps_its_team_until_undone(db, final):
    # Pressing another team's number after a right answer moved the "answering" team, so the
    # console and projector showed that team as the one who answered right.
    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    live.open_question(Q)
    live.answer("right")
    count = len(finals.load_events(db, final.id))
    with pytest.raises(finals.FinalError) as refused:
        live.choose("b")
    assert refused.value.message.key == "final.error.already_scored"
    assert live.state.question.answering_team_id == "a"
    assert len(finals.load_events(db, final.id)) == count
    live.undo()
    live.choose("b")
    assert live.state.question.answering_team_id == "b"


def test_buzz_round_false_start_first_press_wins_and_lockout(db, final):
    live = Live.open(db, final.id)
    buzz_round = next(r for r in live.setup.rounds if r.rule.kind == "buzz")
    live.start_round(buzz_round.id)
    live.open_question(Q)
    assert live.buzz("a")[0].kind == scoring.FALSE_START  # before the host opened it
    live.toggle_timer()
    assert live.state.question.buzz_open
    assert live.buzz("a") == []  # locked out after the false start
    assert live.buzz("b")[0].kind == scoring.BUZZ
    assert live.buzz("c") == []  # b holds the question
    live.answer("wrong")
    assert live.buzz("c")[0].kind == scoring.BUZZ  # after b's wrong answer c may try
    live.answer("right")
    totals = {s.team_id: s.total for s in final_standings(db, final.id)}
    assert totals == {"a": 90, "b": 90, "c": 110}
    # Choosing by hand works even for a locked-out team, once the right answer is undone.
    live.undo()
    live.choose("a")
    assert live.state.question.answering_team_id == "a"


def test_risk_round_lowest_ranked_picks_first_and_stakes_count(db, final):
    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    for outcome in ("right", "right", "wrong"):
        live.open_question(Q)
        live.answer(outcome)
    risk = next(r for r in live.setup.rounds if r.rule.kind == "risk")
    live.start_round(risk.id)
    assert live.turn_order()[0] == "c"
    live.open_question(Q)
    assert live.state.question.answering_team_id == "c"
    with pytest.raises(finals.FinalError):
        live.answer("right")  # no stake yet
    live.next_stake()
    live.next_stake()
    assert live.state.question.stake == 20
    live.answer("wrong")
    assert {s.team_id: s.total for s in final_standings(db, final.id)}["c"] == 80


def test_an_undone_bank_question_goes_back_to_the_bank(db, final):
    # Enter pressed once too often opened the next bank question; undoing it left the question
    # marked used, so "next bank question" skipped it for good (and a tie-break lost it).
    from outreach.exam.questions import Question, add_question
    from outreach.final.sources import bank_questions, used_question_ids

    for n in range(2):
        add_question(db, Question(None, "single", f"第{n}题（ ）", ["甲", "乙"], "A"))
    (_, first), (_, second) = bank_questions(db)
    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    live.open_question(first)
    live.open_question(second)
    assert used_question_ids(db) == {first.question_id, second.question_id}
    live.undo()
    assert used_question_ids(db) == {first.question_id}
    live.redo()
    assert used_question_ids(db) == {first.question_id, second.question_id}
    from outreach.exam.questions import usages_by_question

    labels = sorted(str(u.where()) for us in usages_by_question(db).values() for u in us)
    assert labels == ["必答题 · 1", "必答题 · 2"]


def test_correction_needs_a_reason_and_is_logged(db, final):
    live = Live.open(db, final.id)
    with pytest.raises(finals.FinalError):
        live.correct("a", 5, "")
    live.correct("a", 5, "评委复核")
    event = finals.load_events(db, final.id)[-1]
    assert (event.kind, event.points, event.reason) == (scoring.CORRECTION, 5, "评委复核")


def test_reopening_resumes_the_current_round_and_question(tmp_path):
    from outreach.storage import open_programme

    path = tmp_path / "p.db"
    programme = open_programme(path)
    made = finals.create_final(programme.db, "决赛")
    finals.set_teams(programme.db, made.id, TEAMS)
    live = Live.open(programme.db, made.id)
    live.start_round(live.setup.rounds[1].id)
    live.open_question(Q)
    live.toggle_timer()
    live.buzz("b")
    programme.db.conn.close()  # no clean shutdown
    again = open_programme(path)
    resumed = Live.open(again.db, made.id)
    assert resumed.state.round_id == live.setup.rounds[1].id
    assert resumed.state.question.stem == Q.stem
    assert resumed.state.question.answering_team_id == "b"
    again.close()


def test_standings_contract_and_list_finals(db, final):
    assert [f.id for f in list_finals(db)] == [final.id]
    standings = final_standings(db, final.id)
    assert [s.rank for s in standings] == [1, 1, 1]
    assert all(s.explanation for s in standings)
    assert {s.team_name for s in standings} == {"甲队", "乙队", "丙队"}


def test_draw_is_randomised_and_recorded(db, final):
    import random

    names = finals.randomise_draw(db, final.id, random.Random(3))
    assert [t.name for t in finals.list_final_teams(db, final.id)] == names
    assert finals.load_events(db, final.id)[-1].data["names"] == names


def test_demo_fills_a_final_and_check_passes(demo_db):
    (final,) = list_finals(demo_db)
    assert len(final_standings(demo_db, final.id)) >= 3
    assert any(e.kind == scoring.ANSWER for e in finals.load_events(demo_db, final.id))
    assert run_checks(demo_db) == []


def test_print_scoresheets_and_results_read_back(demo_db, tmp_path):
    from outreach.final.final_print import print_results, print_scoresheets

    (final,) = list_finals(demo_db)
    sheets = print_scoresheets(demo_db, final.id, tmp_path / "s.pdf")
    pdf = pypdfium2.PdfDocument(str(sheets))
    assert len(pdf) == len(finals.list_rounds(demo_db, final.id))
    first = pdf[0].get_textpage().get_text_range()
    assert "评委计分表" in first and "必答题" in first
    results = print_results(demo_db, final.id, tmp_path / "r.pdf")
    text = pypdfium2.PdfDocument(str(results))[0].get_textpage().get_text_range()
    top = final_standings(demo_db, final.id)[0]
    assert "成绩单" in text and top.team_name in text


def test_cli_print_standings_and_log_export(tmp_path, capsys):
    db_path = tmp_path / "x.db"
    assert cli.main(["--db", str(db_path), "demo"]) == 0
    out = tmp_path / "r.pdf"
    assert cli.main(["print", "final-results", "--db", str(db_path), "--out", str(out)]) == 0
    assert out.exists()
    assert cli.main(["final-standings", "--db", str(db_path)]) == 0
    out_text = capsys.readouterr().out
    assert "总分" in out_text or "total" in out_text
    log = tmp_path / "log.csv"
    assert cli.main(["export", "final-log", str(log), "--db", str(db_path)]) == 0
    text = log.read_text(encoding="utf-8-sig")
    assert ("判分" in text and "抽签定序" in text) or ("Scored" in text and "Draw order" in text)
    missing = cli.main(
        ["print", "final-results", "--db", str(db_path), "--final", "无此决赛", "--out", str(out)]
    )
    assert missing == 1


def test_export_log_xlsx(db, final, tmp_path):
    from openpyxl import load_workbook

    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    live.open_question(Q)
    live.answer("right")
    live.undo()
    rows = export_log(db, tmp_path / "log.xlsx", final.id, language="en")
    sheet = load_workbook(tmp_path / "log.xlsx").active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == len(values) - 1
    assert values[0][4] == "Action"
    assert any(row[-1] == "undone" for row in values[1:])


KILLED_SCRIPT = """
import sys
sys.path.insert(0, {root!r})
from outreach.storage import open_programme
from outreach.final import finals
from outreach.final.live import Live, QuestionInput
programme = open_programme({path!r})
final = finals.create_final(programme.db, "决赛")
finals.set_teams(programme.db, final.id, [("a", "甲队", ""), ("b", "乙队", ""), ("c", "丙队", "")])
live = Live.open(programme.db, final.id)
live.start_round(live.setup.rounds[1].id)
live.open_question(QuestionInput("题一"))
live.toggle_timer()
live.buzz("b")
live.answer("right")
live.open_question(QuestionInput("题二"))
live.toggle_timer()
live.buzz("c")
print("ready", flush=True)
import time
time.sleep(60)
"""


def test_killed_in_the_middle_of_the_final_everything_confirmed_is_there(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from outreach.storage import open_programme

    path = tmp_path / "killed.db"
    root = str(Path(__file__).resolve().parent.parent)
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_SCRIPT.format(root=root, path=str(path))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout.readline().strip() == "ready"
    finally:
        process.kill()
        process.wait()
    programme = open_programme(path)
    (final,) = finals.list_finals(programme.db)
    live = Live.open(programme.db, final.id)
    assert live.state.question.stem == "题二"
    assert live.state.question.answering_team_id == "c"
    assert {s.team_id: s.total for s in live.standings()} == {"a": 100, "b": 110, "c": 100}
    assert run_checks(programme.db) == []
    programme.close()


def test_demo_final_takes_the_written_exams_finalists(demo_db):
    from outreach.exam.results import finalists
    from outreach.final.sources import exams, finalists_of

    (final,) = list_finals(demo_db)
    (exam,) = exams(demo_db)
    assert final.exam_id == exam.id
    expected = {e.team_id for e in finalists(demo_db, exam.id).teams}
    chosen, unsettled = finalists_of(demo_db, exam.id)
    assert not unsettled and {t.team_id for t in chosen} == expected
    assert {t.team_id for t in finals.list_final_teams(demo_db, final.id)} == expected


def test_prize_cuts_and_stakes_parse_what_organisers_type():
    from outreach.final.rounds import parse_stakes

    assert finals.parse_prize_cuts("6, 1、3；３") == [1, 3, 6]
    assert finals.parse_prize_cuts("  ") == []
    for bad in ("1, x", "0", "1.5", "-1"):
        with pytest.raises(finals.FinalError):
            finals.parse_prize_cuts(bad)
    assert parse_stakes("10 / 20 / 30") == (10, 20, 30)
    assert parse_stakes("30、10") == (30, 10)
    with pytest.raises(ValueError):
        parse_stakes("10, -20")


def test_the_final_shows_roster_names_as_they_are_now(db):
    # A team-name typo fixed on the Teams page still showed on the console, the projector
    # and the printed results; a roster team without a name showed as a blank.
    from outreach.competition import editing

    named = editing.add_team(db, "2024级保险学1班", "启明对").focus_team_id
    unnamed = editing.add_team(db, "2024级精算1班", "").focus_team_id
    made = finals.create_final(db, "决赛")
    finals.set_teams(
        db, made.id, [(named, "启明对", "2024级保险学1班"), (unnamed, "", "2024级精算1班")]
    )
    editing.edit_team(db, named, name="启明队")
    names = [s.team_name for s in final_standings(db, made.id)]
    assert sorted(names) == sorted(["启明队", "2024级精算1班"])
    assert [t.name for t in Live.open(db, made.id).setup.teams] == ["启明队", "2024级精算1班"]


def test_only_the_tied_teams_take_part_in_a_tiebreak_round(db):
    # Every team keeps its buzzer on stage: a team not in the tie took the tie-break question
    # and its extra points reordered it.
    made = finals.create_final(db, "决赛", base_score=100, prize_cuts=(1,))
    finals.set_teams(db, made.id, TEAMS)
    live = Live.open(db, made.id)
    live.start_round(live.setup.rounds[0].id)
    for outcome in ("right", "right", "wrong"):  # a and b level at the top, c behind
        live.open_question(Q)
        live.answer(outcome)
    assert live.round_teams() == {"a", "b", "c"}
    finals.add_tiebreak_round(db, made.id)
    live.reload()
    live.start_round(live.setup.rounds[-1].id)
    assert live.round_teams() == {"a", "b"}
    live.open_question(Q)
    live.toggle_timer()
    assert live.buzz("c") == []
    with pytest.raises(finals.FinalError) as refused:
        live.choose("c")
    assert "丙队" in refused.value.message.render("zh_CN")
    assert live.buzz("b")
    live.answer("right")
    standings = final_standings(db, made.id)
    assert [s.team_id for s in standings][:2] == ["b", "a"]
    assert live.round_teams() == {"a", "b"}  # fixed at the round's start


def test_the_console_keys_cannot_be_bound_to_a_buzzer(db, final):
    # Binding Enter (or the keypad's Enter or digits) to a team silently took over "next
    # question" or the team choice.
    for key in ("Return", "Enter", "Num+Enter", "Num+3", "r", "Ctrl+Shift+Z"):
        with pytest.raises(finals.FinalError):
            finals.set_buzzer_key(db, final.id, "a", key)
    finals.set_buzzer_key(db, final.id, "a", "F5")
    assert finals.list_final_teams(db, final.id)[0].buzzer_key == "F5"


def test_a_tiebreak_round_is_refused_with_no_tie_or_one_under_way(db):
    made = finals.create_final(db, "决赛", base_score=100, prize_cuts=(1,))
    finals.set_teams(db, made.id, TEAMS)
    live = Live.open(db, made.id)
    live.start_round(live.setup.rounds[0].id)
    live.open_question(Q)
    live.answer("right")  # a ahead: no tie at the cut
    with pytest.raises(finals.FinalError) as refused:
        finals.add_tiebreak_round(db, made.id)
    assert "No tie" in refused.value.message.render("en")
    live.undo()
    live.undo()
    live.reload()
    assert live.tiebreak_needed()
    extra = finals.add_tiebreak_round(db, made.id)
    live.reload()
    live.start_round(extra.id)
    assert not live.tiebreak_needed()
    with pytest.raises(finals.FinalError) as running:
        finals.add_tiebreak_round(db, made.id)
    assert extra.name in running.value.message.render("zh_CN")
    assert sum(r.rule.kind == "extra" for r in finals.list_rounds(db, made.id)) == 1


def test_a_tiebreak_settles_the_tie_even_when_the_ladder_leaves_it_out(db):
    # With "extra round" unchecked in the ladder, tie-break points never counted: the tie
    # stayed and the console kept offering another tie-break.
    made = finals.create_final(db, "决赛", base_score=100, prize_cuts=(1,))
    finals.set_teams(db, made.id, TEAMS)
    finals.update_final(db, made.id, ladder=["total", "fewer_wrong"])
    extra = finals.add_tiebreak_round(db, made.id)
    live = Live.open(db, made.id)
    live.start_round(extra.id)
    live.open_question(Q)
    live.toggle_timer()
    live.buzz("c")
    live.answer("right")
    assert final_standings(db, made.id)[0].team_id == "c"
    assert not live.tiebreak_needed()


def test_a_scoresheet_with_more_questions_than_fit_continues_in_further_blocks(db, tmp_path):
    # A 30-question buzz-in round printed boxes for questions 1–12 only.
    import dataclasses

    from outreach.final.final_print import print_scoresheets
    from outreach.final.rounds import PRESETS

    made = finals.create_final(db, "决赛", rounds=())
    finals.set_teams(db, made.id, [(f"t{i}", f"第{i}队", f"保险{i}班") for i in range(1, 9)])
    rule = dataclasses.replace(PRESETS["buzz"].rule, question_count=30)
    finals.add_round(db, made.id, "buzz", name="抢答题", rule=rule)
    pdf = pypdfium2.PdfDocument(str(print_scoresheets(db, made.id, tmp_path / "s.pdf")))
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    for n in (1, 12, 13, 24, 25, 30):
        assert f"第{n}题" in text
    assert "第31题" not in text
    assert "抢答题（续）：第 13–24 题" in text and "抢答题（续）：第 25–30 题" in text
    assert text.count("小计") == 1 and text.count("评委签名") == 1
    assert len(pdf) == 3  # eight teams: one block a page


def test_a_scoresheet_row_grows_for_a_long_team_or_class_name(db, tmp_path):
    # Rows were a fixed 13 mm: a long class name printed over the rows above and below it.
    from outreach.final.final_print import print_scoresheets
    from tests.pdf_text_boxes import clashes_with, vertical_extent

    long_class = "2024级保险学（中外合作办学）国际精算与风险管理方向实验班"
    made = finals.create_final(db, "决赛")
    finals.set_teams(
        db,
        made.id,
        [
            ("a", "稳健队", "2023级精算1班"),
            ("b", "The Unstoppable Risk Managers of Class 2024", long_class),
            ("c", "启明队", "2024级保险学1班"),
        ],
    )
    sheet = print_scoresheets(db, made.id, tmp_path / "s.pdf")
    assert clashes_with(sheet, long_class) == []
    assert clashes_with(sheet, "The Unstoppable Risk Managers of Class 2024") == []
    # the middle row's height: between the neighbours' centres, less half of each (13 mm)
    above, below = (sum(vertical_extent(sheet, name)) / 2 for name in ("稳健队", "启明队"))
    row = above - below - 13 * 72 / 25.4
    bottom, top = vertical_extent(sheet, long_class)
    assert top - bottom < row


def test_final_printouts_name_team_characters_the_font_lacks(tmp_path, capsys):
    # 🔥火焰队 printed as □火焰队 on the judges' scoresheets and the results, with nothing said.
    from outreach.storage import open_programme

    db_path = tmp_path / "x.db"
    programme = open_programme(db_path)
    made = finals.create_final(programme.db, "决赛")
    finals.set_teams(programme.db, made.id, [("a", "🔥火焰队", "金融1"), ("b", "稳健队", "金融2")])
    programme.close()
    for which in ("final-scoresheet", "final-results"):
        out = tmp_path / f"{which}.pdf"
        assert cli.main(["print", which, "--db", str(db_path), "--out", str(out)]) == 0
        err = capsys.readouterr().err
        assert out.exists() and "🔥" in err and "U+1F525" in err and "🔥火焰队" in err
    programme = open_programme(db_path)
    finals.set_teams(programme.db, made.id, [("a", "火焰队", "金融1"), ("b", "稳健队", "金融2")])
    programme.close()
    assert cli.main(["print", "final-results", "--db", str(db_path), "--out", str(out)]) == 0
    assert capsys.readouterr().err == ""


def test_a_tiebreak_round_is_named_in_the_language_in_force_when_shown(db, tmp_path):
    # Started in English, it read "Tie-break (buzz-in)" on a Chinese projector after a switch.
    import subprocess

    from outreach import i18n
    from outreach.final.final_print import print_results
    from outreach.final.log_export import log_lines

    made = finals.create_final(db, "决赛", base_score=100, prize_cuts=(1,))
    finals.set_teams(db, made.id, TEAMS)
    i18n.set_language("en")
    try:
        extra = finals.add_tiebreak_round(db, made.id)
        assert extra.name == "Tie-break (buzz-in)"
        # saving the round's name as shown keeps it following the language
        finals.update_round(db, extra.id, name="Tie-break (buzz-in)")
        live = Live.open(db, made.id)
        live.start_round(extra.id)
        i18n.set_language("zh_CN")
        assert live.round.name == "附加赛（抢答）"
        assert finals.list_rounds(db, made.id)[-1].name == "附加赛（抢答）"
        assert Live.open(db, made.id).setup.rounds[-1].name == "附加赛（抢答）"
        assert finals.list_rounds(db, made.id)[-1].name_in("en") == "Tie-break (buzz-in)"
        details = [line.detail for line in log_lines(db, made.id, "zh_CN")]
        assert any("name=附加赛（抢答）" in detail for detail in details), details
    finally:
        i18n.set_language("zh_CN")
    target = tmp_path / "results.pdf"
    print_results(db, made.id, target, language="en")
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True).stdout
    assert "Tie-break" in text and "附加赛" not in text


def test_migration_turns_tiebreak_names_into_the_code(tmp_path):
    from outreach.final.rounds import TIEBREAK_CODE
    from outreach.storage import open_programme

    path = tmp_path / "old.db"
    programme = open_programme(path)
    db = programme.db
    made = finals.create_final(db, "决赛", base_score=100, prize_cuts=(1,))
    finals.set_teams(db, made.id, TEAMS)
    first = finals.add_tiebreak_round(db, made.id)
    typed = finals.add_tiebreak_round(db, made.id)
    with db.atomic():  # as an older version wrote them: in the language of the moment
        db.execute(
            "UPDATE final_rounds SET name = 'Tie-break (buzz-in) 2' WHERE id = ?", [first.id]
        )
        db.execute("UPDATE final_rounds SET name = '加赛：决冠军' WHERE id = ?", [typed.id])
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0002_tiebreak_round_names'")
    programme.close()
    programme = open_programme(path)
    stored = {r.id: r.stored_name for r in finals.list_rounds(programme.db, made.id)}
    assert stored[first.id] == f"{TIEBREAK_CODE} 2" and stored[typed.id] == "加赛：决冠军"
    programme.close()


def _tiebreak_with_a_bank_question(db):
    """A final whose tie-break round (the second one) opened a reserved bank question."""
    from outreach.exam.questions import Question, add_question, set_reserved
    from outreach.final.sources import bank_questions

    question = add_question(db, Question(None, "single", "附加题（ ）", ["甲", "乙"], "A"))
    set_reserved(db, question.id, True)
    made = finals.create_final(db, "决赛", base_score=100, prize_cuts=(1,))
    finals.set_teams(db, made.id, TEAMS)
    live = Live.open(db, made.id)
    live.start_round(live.setup.rounds[0].id)
    for outcome in ("right", "right", "wrong"):  # a and b level at the top
        live.open_question(Q)
        live.answer(outcome)
    finals.add_tiebreak_round(db, made.id)
    live.reload()
    live.start_round(live.setup.rounds[-1].id)
    live.open_question(Q)  # the tie-break's first question is typed, the second from the bank
    live.toggle_timer()
    live.buzz("a")
    live.answer("wrong")
    ((_, reserved),) = bank_questions(db, reserved=True)
    live.open_question(reserved)
    return made, question


def test_a_question_used_in_a_tiebreak_says_where_in_the_language_in_force(db):
    # The bank's "where used" kept the round's name in the language of the moment: started in
    # English, it read "Tie-break (buzz-in) · 2" in the Chinese bank after a switch.
    from outreach import i18n
    from outreach.exam.questions import QuestionError, delete_question, question_usages

    i18n.set_language("en")
    try:
        _, question = _tiebreak_with_a_bank_question(db)
    finally:
        i18n.set_language("zh_CN")
    used = [u for u in question_usages(db, question.id) if not u.in_reserve]
    assert [str(u.where()) for u in used] == ["附加赛（抢答） · 2"]
    assert used[0].where().render("en") == "Tie-break (buzz-in) · 2"
    # and a question a tie-break round used is not deleted (it was: only exams counted)
    with pytest.raises(QuestionError) as refused:
        delete_question(db, question.id)
    assert "附加赛（抢答） · 2" in refused.value.problems[0].render("zh_CN")
    assert "Tie-break (buzz-in) · 2" in refused.value.problems[0].render("en")


def test_taking_a_question_out_of_reserve_keeps_its_tiebreak_use(db):
    # Unticking "reserve" forgot every tie-break mark, the round's use among them, and the
    # question read as never used (and could be deleted).
    from outreach.exam.questions import question_usages, set_reserved
    from outreach.final.sources import used_question_ids

    _, question = _tiebreak_with_a_bank_question(db)
    set_reserved(db, question.id, False)
    assert [u.in_reserve for u in question_usages(db, question.id)] == [False]
    assert question.id in used_question_ids(db)


def test_migration_keeps_final_usage_labels_as_messages(tmp_path):
    from outreach.exam.questions import question_usages
    from outreach.storage import open_programme

    path = tmp_path / "old.db"
    programme = open_programme(path)
    _, question = _tiebreak_with_a_bank_question(programme.db)
    db = programme.db
    with db.atomic():  # as an older version wrote it: in the language of the moment
        db.execute(
            "UPDATE question_usages SET label = 'Tie-break (buzz-in) · 2' WHERE ref_id != ''"
        )
        db.execute("DELETE FROM _sqlite_migrations WHERE name = '0003_question_usage_labels'")
    programme.close()
    programme = open_programme(path)
    (used,) = [u for u in question_usages(programme.db, question.id) if not u.in_reserve]
    assert str(used.where()) == "附加赛（抢答） · 2"
    programme.close()
