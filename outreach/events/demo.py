"""The outreach part of the demo programme, from the seed plan's 后期 (one community a month,
with the street office, an insurer and the news office as partners)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from outreach.events.checklists import event_checklist, set_item_done
from outreach.events.outcomes import Outcome, record_outcome
from outreach.events.partners import Partner, save_partner
from outreach.events.schedule import SeriesPlan, plan_series, save_series
from outreach.events.volunteers import ROLES, add_volunteer, assign, candidates
from outreach.features import DemoContext

if TYPE_CHECKING:
    from sqlite_utils import Database

PARTNERS = [
    Partner(
        "",
        "community",
        "阳光社区居委会",
        "王秀兰",
        "13807311024",
        "城东区阳光路18号",
        "活动场地：社区文化广场，可借用桌椅和遮阳棚",
    ),
    Partner(
        "",
        "street_office",
        "和平街道办事处",
        "李建国",
        "0731-84521166",
        "和平街道126号",
        "社保服务站可提供咨询台位置",
    ),
    Partner(
        "",
        "community",
        "东湖社区居委会",
        "陈丽萍",
        "13974125836",
        "东湖路3号院",
        "老年居民多，宜讲养老和医疗保险",
    ),
    Partner(
        "",
        "insurer",
        "中国人寿保险股份有限公司城东支公司",
        "赵明",
        "13517310088",
        "城东区人民路200号",
        "派两名业务员到咨询台，提供宣传折页",
    ),
    Partner(
        "",
        "news_office",
        "校学生会新闻部",
        "刘思雨",
        "15200312468",
        "学生活动中心204",
        "活动前一周联系干事，负责拍照和新闻稿",
    ),
]

OTHER_VOLUNTEERS = [("周老师", "13607315512", "指导老师"), ("吴婷", "18874102233", "社区志愿者")]


def _first_month(today: dt.date) -> str:
    index = today.year * 12 + today.month - 1 - 3
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def fill_demo(db: Database, ctx: DemoContext, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    rng = random.Random(ctx.seed)
    partners = [save_partner(db, p) for p in PARTNERS]
    hosts = [p.id for p in partners if p.kind in ("community", "street_office")]
    plan = SeriesPlan(
        title="保险知识进社区",
        first_month=_first_month(today),
        months=6,
        weekday=5,
        week_of_month=2,
        community_ids=tuple(hosts),
        start_time="09:00",
        end_time="11:30",
        partner_ids=tuple(p.id for p in partners if p.kind in ("insurer", "news_office")),
    )
    events = save_series(db, plan, plan_series(db, plan))
    ctx.shared["event_ids"] = [e.id for e in events]
    ctx.shared["partner_ids"] = [p.id for p in partners]

    volunteers = []
    # Finalists first, as the seed plan says (进入决赛的人可参加保险进社区活动).
    for candidate in candidates(db)[:10]:
        volunteers.append(add_volunteer(db, member_id=candidate.member_id))
    for name, phone, notes in OTHER_VOLUNTEERS:
        volunteers.append(add_volunteer(db, name=name, phone=phone, notes=notes))
    ctx.shared["volunteer_ids"] = [v.id for v in volunteers]

    for number, event in enumerate(events):
        crew = rng.sample(volunteers, k=min(len(volunteers), 5))
        for index, person in enumerate(crew):
            assign(db, event.id, person.id, ROLES[index % len(ROLES)])
        past = event.day < today
        for item in event_checklist(db, event.id):
            if past or item.due_date < (today - dt.timedelta(days=3)).isoformat():
                set_item_done(db, item.id, True)
        if past:
            residents = rng.randint(60, 160)
            record_outcome(
                db,
                Outcome(
                    event.id,
                    residents_reached=residents,
                    consultations=rng.randint(12, 40),
                    notes="居民对养老保险和医疗保险问题最关心；咨询台排队约二十分钟。",
                    materials={"flyers": residents * 2, "posters": 4 + number % 3},
                ),
                today=today,
            )
