"""The demo's final: rounds from the presets, the demo's best teams, part of the 必答 round
played so the console, projector and standings have something to show."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from outreach.features import DemoContext
from outreach.final.finals import create_final, randomise_draw, set_buzzer_key, set_teams
from outreach.final.live import Live, QuestionInput
from outreach.final.sources import (
    bank_questions,
    exams,
    finalist_teams,
    roster_teams,
    used_question_ids,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

DEMO_FINAL_NAME = "2026 保险知识竞赛决赛"

# Used only when the roster has no teams (a programme without the competition part).
FALLBACK_TEAMS = [
    ("demo-final-team-1", "风险管理队", "金融2301"),
    ("demo-final-team-2", "精算先锋队", "保险2302"),
    ("demo-final-team-3", "保障之星队", "金融2303"),
    ("demo-final-team-4", "理赔智囊队", "保险2301"),
    ("demo-final-team-5", "未雨绸缪队", "经济2302"),
    ("demo-final-team-6", "安心守护队", "会计2301"),
]

FALLBACK_QUESTIONS = [
    QuestionInput(
        "保险合同中，投保人对保险标的应当具有（ ）。",
        ["保险利益", "所有权", "使用权", "收益权"],
        "A",
        "保险利益原则要求投保人对保险标的具有法律上承认的利益。",
    ),
    QuestionInput(
        "被保险人在保险事故发生后获得的赔偿不能超过其实际损失，这体现了（ ）。",
        ["最大诚信原则", "损失补偿原则", "近因原则", "保险利益原则"],
        "B",
        "损失补偿原则：补偿以实际损失为限，被保险人不能因保险获利。",
    ),
    QuestionInput(
        "投保时如实告知健康状况，体现了保险的最大诚信原则。",
        [],
        "对",
        "投保人应如实告知，否则保险人可依法解除合同或拒赔。",
    ),
    QuestionInput(
        "城乡居民基本医疗保险属于（ ）。",
        ["商业保险", "社会保险", "再保险", "责任保险"],
        "B",
        "基本医疗保险由政府组织实施，属于社会保险。",
    ),
]


def fill_demo(db: Database, ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 5)
    choices = []
    exam_list = exams(db)
    exam_id = exam_list[0].id if exam_list else None
    if exam_id:
        choices = finalist_teams(db, exam_id)
    if not choices:
        choices = roster_teams(db)[:6]
    teams = [(t.team_id, t.name, t.class_name) for t in choices[:6]] or FALLBACK_TEAMS
    final = create_final(db, DEMO_FINAL_NAME, base_score=100, exam_id=exam_id)
    set_teams(db, final.id, teams)
    randomise_draw(db, final.id, rng)
    for index, (team_id, _, _) in enumerate(teams, start=1):
        set_buzzer_key(db, final.id, team_id, f"F{index + 4}")
    ctx.shared["final_id"] = final.id

    # Play the first few 必答 questions.
    used = used_question_ids(db)  # the written exam's questions are not asked again
    bank = [
        q
        for kind, q in bank_questions(db, reserved=False)
        if kind in ("single", "truefalse") and q.question_id not in used
    ]
    questions = (bank + FALLBACK_QUESTIONS)[: len(teams)]
    live = Live.open(db, final.id)
    live.start_round(live.setup.rounds[0].id)
    for question in questions[: len(teams)]:
        live.open_question(question)
        outcome = rng.choice(["right", "right", "right", "wrong", "none"])
        live.answer(outcome)
        live.reveal_next()
