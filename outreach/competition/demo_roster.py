"""The competition's part of the demo programme: eight class teams from the seed plan (section
六: one team per class, 4 starters plus up to 2 alternates, one captain)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from outreach.competition.roster import ROLE_ALTERNATE, ROLE_CAPTAIN, ROLE_MEMBER
from outreach.features import DemoContext
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

# (class, team name, student-number prefix, members: first is the captain; "*" marks alternates)
DEMO_TEAMS: list[tuple[str, str, str, list[str]]] = [
    ("2024级保险学1班", "启明队", "20240101", ["陈晓", "林悦", "黄子轩", "郑可", "*吴桐"]),
    (
        "2024级保险学2班",
        "守护者队",
        "20240102",
        ["张芳", "李明轩", "王诗涵", "赵一鸣", "*刘思远", "*孙婧"],
    ),
    ("2024级精算1班", "远航队", "20240201", ["周宁", "何畅", "孙悦", "马骁"]),
    (
        "2023级金融学2班",
        "磐石队",
        "20230302",
        ["阿依古丽·买买提", "杨帆", "徐静怡", "朱浩然", "*胡欣然"],
    ),
    ("2023级保险学1班", "破晓队", "20230101", ["郭子豪", "罗雨桐", "梁晨", "宋佳琪", "*谢文博"]),
    ("2023级精算1班", "稳健队", "20230201", ["韩雪", "唐俊杰", "冯若曦", "邓凯", "*曹宇航"]),
    (
        "2024级金融科技1班",
        "数智先锋队",
        "20240401",
        ["彭博文", "曾可馨", "萧逸", "田甜", "*潘志强", "*袁梦琪"],
    ),
    ("2022级风险管理1班", "风控联盟", "20220501", ["蒋励", "蔡欣怡", "贾思远", "丁一凡"]),
]

_PHONE_PREFIXES = ("138", "139", "150", "151", "158", "177", "186", "187", "188", "199")


def fill_demo(db: Database, ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed)
    stamp = now_iso()
    teams, members = [], []
    for class_name, team_name, number_prefix, names in DEMO_TEAMS:
        team_id = new_id()
        teams.append(
            {
                "id": team_id,
                "class_name": class_name,
                "name": team_name,
                "notes": None,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        for seq, raw_name in enumerate(names, start=1):
            alternate = raw_name.startswith("*")
            role = ROLE_CAPTAIN if seq == 1 else ROLE_ALTERNATE if alternate else ROLE_MEMBER
            # About one in six students left the phone blank on the paper form.
            phone = (
                ""
                if rng.random() < 0.17
                else rng.choice(_PHONE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            )
            members.append(
                {
                    "id": new_id(),
                    "team_id": team_id,
                    "name": raw_name.lstrip("*"),
                    "student_no": f"{number_prefix}{seq:02d}",
                    "class_name": class_name,
                    "phone": phone,
                    "role": role,
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
    db["teams"].insert_all(teams)
    db["members"].insert_all(members)
    ctx.shared["team_ids"] = [t["id"] for t in teams]
    ctx.shared["member_ids"] = [m["id"] for m in members]
