"""Texts put together from parts (lists of names, a name with its detail in brackets) use the
punctuation of the language they are shown or printed in: ``甲、乙`` and ``张芳（2023A01）`` in
Chinese, ``A, B`` and ``Zhang Fang (2023A01)`` in English. The Final, Teams, Exam and Print
pages and their printouts showed Chinese punctuation in the English interface."""

from __future__ import annotations

import pytest

from outreach import i18n
from outreach.i18n import msg, tr_in

CHINESE_PUNCTUATION = set("，。：；、（）“”")


def test_a_list_parameter_is_joined_in_the_language_it_is_rendered_in():
    message = msg(
        "competition.check.same_student",
        student_no="2023A01",
        members=[msg("text.with_detail", text="张芳", detail="2023A01"), "李想"],
    )
    assert "张芳 (2023A01), 李想" in message.render("en")
    assert "张芳（2023A01）、李想" in message.render("zh_CN")


def test_the_same_student_twice_is_reported_in_either_language(monkeypatch, db):
    from outreach.competition import rules
    from outreach.competition.roster import Member

    fields = Member.__dataclass_fields__
    twice = [
        Member(**{name: "" for name in fields} | {"id": i, "name": name, "student_no": number})
        for i, name, number in (("1", "张芳", "2023A01"), ("2", "张 芳", "2023a01"))
    ]
    monkeypatch.setattr(rules, "list_members", lambda _db: twice)
    monkeypatch.setattr(rules, "team_statuses", lambda _db, members: [])
    (problem,) = [p for p in rules.stored_roster_problems(db) if p.key.endswith("same_student")]
    english, chinese = problem.render("en"), problem.render("zh_CN")
    assert "张芳 (2023A01), 张 芳 (2023a01)" in english
    assert "张芳（2023A01）、张 芳（2023a01）" in chinese


def test_the_font_doctor_lists_owners_in_the_language():
    from outreach.printing.font_doctor import MissingCharacter

    many = MissingCharacter("㵘", tuple(f"名{n}" for n in range(10)))
    english, chinese = many.describe().render("en"), many.describe().render("zh_CN")
    assert "名0, 名1" in english and "名7, …" in english and "、" not in english
    assert "名0、名1" in chinese


def test_an_import_problem_names_its_rows_in_the_language(tmp_path, db):
    from outreach.competition.roster_import import plan_import

    path = tmp_path / "roster.csv"
    lines = ["班级,队名,姓名,学号,角色"]
    lines += [f"金融2301班,启明队,队员{n},2023{n:03d},队员" for n in range(7)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plan = plan_import(db, path)
    texts = [p.message.render("en") for p in plan.problems if "rows" in p.message.params]
    assert texts and "rows 2, 3, 4" in texts[0]
    chinese = [p.message.render("zh_CN") for p in plan.problems if "rows" in p.message.params]
    assert "第 2、3、4" in chinese[0]


def test_true_false_brackets_follow_the_questions_language():
    from outreach.exam.exam_print import _answer_brackets

    assert _answer_brackets("保险利益是法律上承认的利益。") == "（  ）"
    assert _answer_brackets("保险利益是法律上承认的利益。（ ）") == ""
    assert _answer_brackets("Insurable interest must be lawful.") == " (  )"
    assert _answer_brackets("Insurable interest must be lawful. ( )") == ""


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_final_console_tie_and_set_up_team_list(qtbot, db, language):
    from outreach.demo import fill_demo
    from outreach.final import finals
    from outreach.final.live import Live
    from ui.final_console import FinalConsole
    from ui.final_setup import TeamsDialog

    fill_demo(db)
    final = finals.create_final(db, "决赛二", prize_cuts=(1,))
    finals.set_teams(db, final.id, [("a", "甲队", "金融1"), ("b", "乙队", "金融2")])
    i18n.set_language(language)
    console = FinalConsole()
    qtbot.addWidget(console)
    console.set_final(Live.open(db, final.id))
    tie = console.tie_label.text()
    dialog = TeamsDialog(db, set())
    qtbot.addWidget(dialog)
    items = [dialog.list.item(r).text() for r in range(dialog.list.count())]
    assert items and "甲队" in tie and "乙队" in tie
    texts = [tie.replace(tr_in(language, "final.console.tie_alert", teams=""), ""), *items]
    if language == "en":
        assert "甲队, 乙队" in tie and all("(" in t for t in items)
        assert not CHINESE_PUNCTUATION & set("".join(texts)), texts
    else:
        assert "甲队、乙队" in tie and all("（" in t for t in items)
    console.closeProjector()


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_print_page_tier_and_font_lists(qtbot, db, language):
    from outreach.awards import awards as awards_api
    from outreach.printing import font_doctor
    from ui.certificate_dialogs import tier_combo

    i18n.set_language(language)
    combo = tier_combo(awards_api.list_tiers(db))
    qtbot.addWidget(combo)
    tiers = [combo.itemText(i) for i in range(combo.count())]
    from ui.pages.print_page import MISSING_COLUMNS, FontRow

    missing = font_doctor.MissingCharacter("㵘", ("张㵘", "李㵘"))
    owners = next(c for c in MISSING_COLUMNS if c.title_key == "fonts.column.owners").text
    font_name = FontRow(font_doctor.bundled_candidate(), False).family
    texts = [*tiers, owners(missing), font_name]
    if language == "en":
        assert tiers[0].endswith(")") and owners(missing) == "张㵘, 李㵘"
        assert not CHINESE_PUNCTUATION & set("".join(texts)), texts
    else:
        assert tiers[0].endswith("）") and owners(missing) == "张㵘、李㵘"


def test_a_latin_name_put_into_chinese_text_is_spaced_only_where_it_meets_chinese():
    from outreach.i18n import Name

    def above(other) -> str:
        return tr_in(
            "zh_CN", "final.explain.above", other=other, criterion="答对", mine=3, theirs=2
        )

    assert above(Name("The Unstoppable")).startswith("与 The Unstoppable 同分，")
    assert above(Name("2024级1班")).startswith("与 2024级1班同分，")  # only at the name's edges
    assert above(Name("ＡＢ队")).startswith("与 ＡＢ队同分")  # full-width letters too
    assert above(Name("启明队")).startswith("与启明队同分")
    assert above("Plain").startswith("与Plain同分")  # not a Name: left as before
    # next to punctuation (：“ ”) nothing is added; English is untouched
    assert tr_in("zh_CN", "final.projector.answering", team=Name("Alpha")) == "答题：Alpha"
    english = tr_in(
        "en", "final.explain.above", other=Name("Alpha"), criterion="right", mine=3, theirs=2
    )
    assert english == "level with Alpha on total; right 3 vs 2, so ranked below"


def test_english_counts_of_one_read_right():
    # "1 conflicts" in the merge dialog, "(1 pages)" after printing a sign-in sheet.
    from outreach.i18n import tr_in

    summary = tr_in(
        "en", "exchange.ui.summary", programme="A", created="x", added=0, unchanged=5, conflicts=1
    )
    assert "1 conflicts" not in summary and "conflicts: 1" in summary
    printed = tr_in("en", "events.cli.print_done", file="s.pdf", pages=1)
    assert "1 pages" not in printed and "pages: 1" in printed
    for key in ("awards.cli.print.done", "awards.ui.batch_count", "awards.ui.granted"):
        text = tr_in("en", key, count=1, file="c.pdf")
        assert "1 certificates" not in text and "1 awards" not in text and ": 1" in text
