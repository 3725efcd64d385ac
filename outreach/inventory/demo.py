"""The demo's stock: materials bought before the first event, handed out at the events that
took place, planned use for the coming ones (so that the forecast has something to say)."""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from outreach.features import DemoContext
from outreach.inventory.items import add_item
from outreach.inventory.ledger import record_movement, reverse_movement
from outreach.inventory.outcomes import post_all_pending
from outreach.inventory.plans import set_plan

if TYPE_CHECKING:
    from sqlite_utils import Database

# name, kind, unit, low-stock level, notes, first delivery, use per event (low, high)
DEMO_ITEMS = [
    ("保险知识宣传单（A5）", "flyers", "张", 300, "图文快印店，双面彩印", 1000, (160, 240)),
    ("宣传海报（A2）", "posters", "张", 8, "社区公告栏张贴用", 24, (3, 5)),
    ("《家庭保险常识》手册", "brochures", "本", 40, "保险公司合作提供", 300, (30, 50)),
    ("荣誉证书纸", "certificate_paper", "张", 20, "A4 烫金证书内页", 60, (0, 0)),
    ("奖品：定制保温杯", "prize_items", "个", 5, "知识问答现场奖品", 40, (4, 8)),
    ("易拉宝展架", "other", "个", 1, "咨询点展示", 2, (0, 0)),
]


def _events(db: Database) -> list[tuple[str, str, str]]:
    if not db["events"].exists():
        return []
    return [
        (r[0], r[1], r[2])
        for r in db.execute("SELECT id, date, status FROM events ORDER BY date").fetchall()
    ]


def fill_inventory_demo(db: Database, ctx: DemoContext) -> None:
    rng = random.Random(ctx.seed + 8)
    events = _events(db)
    first = min((e[1] for e in events), default="2026-03-15")
    delivery = (dt.date.fromisoformat(first) - dt.timedelta(days=10)).isoformat()
    item_ids: dict[str, str] = {}
    for name, kind, unit, level, notes, first_delivery, _use in DEMO_ITEMS:
        item = add_item(db, name=name, kind=kind, unit=unit, low_stock_level=level, notes=notes)
        item_ids[kind] = item.id
        record_movement(
            db,
            item_id=item.id,
            kind="received",
            quantity=first_delivery,
            date=delivery,
            reason="首批采购入库",
        )
    ctx.shared["inventory_item_ids"] = item_ids
    # The events concept recorded the outcomes (flyers, posters handed out) before these items
    # existed: post them now, as an organiser would from the Inventory page.
    post_all_pending(db)
    uses = {kind: use for _, kind, _, _, _, _, use in DEMO_ITEMS}
    done = [e for e in events if e[2] == "done"]
    planned = [e for e in events if e[2] == "planned"]
    for index, (event_id, date, _status) in enumerate(done):
        for kind, (low, high) in uses.items():
            if high == 0 or kind in ("flyers", "posters"):
                continue
            record_movement(
                db,
                item_id=item_ids[kind],
                kind="issued",
                quantity=rng.randint(low, high),
                date=date,
                event_id=event_id,
                reason="活动现场发放",
            )
        if index == 0:
            # A second flyer delivery after the first event, and one mistaken entry corrected.
            restock = (dt.date.fromisoformat(date) + dt.timedelta(days=3)).isoformat()
            record_movement(
                db,
                item_id=item_ids["flyers"],
                kind="received",
                quantity=500,
                date=restock,
                reason="补印传单",
            )
            wrong = record_movement(
                db,
                item_id=item_ids["brochures"],
                kind="issued",
                quantity=50,
                date=date,
                event_id=event_id,
                reason="重复登记",
            )
            reverse_movement(db, wrong.id, "重复登记，冲销", date=restock)
            record_movement(
                db,
                item_id=item_ids["brochures"],
                kind="returned",
                quantity=6,
                date=date,
                event_id=event_id,
                reason="活动结束后收回",
            )
        if index == 1:
            record_movement(
                db,
                item_id=item_ids["flyers"],
                kind="damaged",
                quantity=40,
                date=date,
                event_id=event_id,
                reason="下雨受潮",
            )
    if done:
        last = done[-1][1]
        on_shelf = db.execute(
            "SELECT coalesce(sum(delta), 0) FROM stock_movements WHERE item_id = ?",
            [item_ids["posters"]],
        ).fetchone()[0]
        record_movement(
            db,
            item_id=item_ids["posters"],
            kind="counted",
            quantity=max(0, on_shelf - 2),
            date=last,
            reason="月度盘点：两张破损未登记",
        )
    for event_id, _date, _status in planned:
        set_plan(db, event_id, item_ids["flyers"], 300)
        set_plan(db, event_id, item_ids["posters"], 5)
        set_plan(db, event_id, item_ids["brochures"], 40)
