"""The question bank, exam set-up (hand pick, seeded draw, reserve) and paper versions."""

from __future__ import annotations

import pytest

from outreach.exam.exams import (
    DrawSpec,
    Exam,
    ExamError,
    draw_questions,
    exam_by_name,
    exam_questions,
    save_exam,
    set_exam_questions,
)
from outreach.exam.papers import make_versions, paper, papers
from outreach.exam.questions import (
    LETTERS,
    Question,
    QuestionError,
    add_question,
    delete_question,
    get_question,
    list_questions,
    normalise_answer,
    question_usages,
    record_usage,
    set_reserved,
    update_question,
)


def bank(db, singles=8, multiples=4, truefalse=6):
    made = []
    for i in range(singles):
        made.append(
            add_question(
                db,
                Question(
                    "",
                    "single",
                    f"单选题{i}",
                    ["甲", "乙", "丙", "丁"],
                    "ABCD"[i % 4],
                    topic="保险基础" if i % 2 else "理赔",
                    difficulty=1 + i % 3,
                ),
            )
        )
    for i in range(multiples):
        made.append(
            add_question(db, Question("", "multiple", f"多选题{i}", ["甲", "乙", "丙", "丁"], "AC"))
        )
    for i in range(truefalse):
        made.append(
            add_question(db, Question("", "truefalse", f"判断题{i}", [], "对" if i % 2 else "错"))
        )
    return made


def test_answers_are_normalised():
    assert normalise_answer("multiple", "c, a") == "AC"
    assert normalise_answer("single", "ａ") == "A"
    assert normalise_answer("single", "AB") is None
    assert normalise_answer("multiple", "AE", option_count=4) is None
    assert normalise_answer("truefalse", "√") == "对"
    assert normalise_answer("truefalse", "错误") == "错"
    assert normalise_answer("truefalse", "A") is None


def test_add_edit_reserve_and_usage(db):
    question = add_question(
        db, Question("", "multiple", "保险合同的当事人包括", ["投保人", "保险人", "受益人"], "b,a")
    )
    assert question.answer == "AB" and question.id
    with pytest.raises(QuestionError) as error:
        add_question(db, Question("", "single", "保险合同的当事人包括？", ["x", "y"], "A"))
    assert error.value.problems[0].key == "exam.question.error.duplicate_in_bank"
    with pytest.raises(QuestionError):
        update_question(db, Question(question.id, "multiple", "改", ["投保人", ""], "AD"))
    assert get_question(db, question.id).stem == "保险合同的当事人包括"
    set_reserved(db, question.id, True)
    assert [u.kind for u in question_usages(db, question.id)] == ["tiebreak"]
    assert list_questions(db, reserved=True)[0].id == question.id
    record_usage(db, question.id, "final_round", "round-1", "决赛 · 抢答")
    record_usage(db, question.id, "final_round", "round-1", "决赛 · 抢答")
    assert len(question_usages(db, question.id)) == 2
    with pytest.raises(QuestionError):
        delete_question(db, question.id)


def test_a_seeded_draw_is_reproducible_and_never_takes_reserved_questions(db):
    made = bank(db)
    for question in made[:3]:
        set_reserved(db, question.id, True)
    exam = save_exam(db, Exam("", "初赛"))
    specs = [DrawSpec("single", 5), DrawSpec("multiple", 2), DrawSpec("truefalse", 3)]
    first = [q.question.id for q in draw_questions(db, exam.id, specs, seed=42)]
    again = [q.question.id for q in draw_questions(db, exam.id, specs, seed=42)]
    assert first == again and len(first) == 10
    reserved = {q.id for q in made[:3]}
    assert not reserved & set(first)
    assert exam_by_name(db, "初赛").draw_seed == 42
    kinds = [q.question.kind for q in exam_questions(db, exam.id)]
    assert kinds == ["single"] * 5 + ["multiple"] * 2 + ["truefalse"] * 3
    assert [u.kind for u in question_usages(db, first[0])] == ["exam"]
    with pytest.raises(ExamError) as error:
        draw_questions(db, exam.id, [DrawSpec("single", 6)], seed=1)
    assert error.value.problems[0].key == "exam.setup.error.not_enough"
    # the shortage names the type, topic and difficulty in words, in either language
    assert (
        str(error.value.problems[0])
        == "单选题（全部知识点，全部难度）：要抽 6 题，题库中只有 5 题可抽"
    )
    with pytest.raises(ExamError) as error:
        draw_questions(db, exam.id, [DrawSpec("truefalse", 9, difficulty=3)], seed=1)
    english = error.value.problems[0].render("en")
    assert english.startswith("True/false (All topics, Hard): 9 wanted"), english
    with pytest.raises(ExamError):
        set_exam_questions(db, exam.id, [made[0].id])


def test_draw_by_topic_and_difficulty(db):
    bank(db)
    exam = save_exam(db, Exam("", "专题"))
    drawn = draw_questions(db, exam.id, [DrawSpec("single", 2, topic="理赔", difficulty=1)], seed=3)
    assert all(q.question.topic == "理赔" and q.question.difficulty == 1 for q in drawn)


def test_versions_shuffle_reproducibly_and_keys_map_back_to_the_bank(db):
    made = bank(db)
    exam = save_exam(db, Exam("", "初赛"))
    set_exam_questions(db, exam.id, [q.id for q in made])
    assert make_versions(db, exam.id, 3) == ["A", "B", "C"]
    versions = papers(db, exam.id)
    orders = {letter: [i.position for i in p.items] for letter, p in versions.items()}
    assert len({tuple(o) for o in orders.values()}) == 3  # the versions differ
    for version in versions.values():
        kinds = [item.kind for item in version.items]
        assert kinds == sorted(kinds, key=["single", "multiple", "truefalse"].index)
        for item in version.items:
            # the key, read back through the shuffle, is the bank's answer
            assert item.bank_letters(item.key) == item.question.answer
            if item.kind != "truefalse":
                for shown, text in zip(LETTERS, item.shown_options, strict=False):
                    assert text == item.question.option_text(item.bank_letters(shown))
    make_versions(db, exam.id, 3)
    assert [i.position for i in paper(db, exam.id, "B").items] == orders["B"]


def test_exam_settings_are_validated(db):
    save_exam(db, Exam("", "初赛"))
    with pytest.raises(ExamError) as error:
        save_exam(db, Exam("", " 初赛 ", multiple_mode="partial", partial_points=9))
    keys = [p.key for p in error.value.problems]
    assert keys == ["exam.setup.error.name_taken", "exam.setup.error.partial_points"]
