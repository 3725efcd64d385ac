"""The demo's budget: planned amounts for the seed's categories (宣传海报, 制作传单, 奖项费用)
and the others, and the expenses of the events so far. Prize payouts are posted by the awards
concept (it fills its part after this one)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from outreach.budget.categories import set_planned
from outreach.budget.ledger import record_expense, reverse_entry, set_event_planned
from outreach.features import DemoContext

if TYPE_CHECKING:
    from sqlite_utils import Database

PLANNED_FEN = {
    "posters": 60_000,
    "flyers": 120_000,
    "prizes": 240_000,
    "printing": 50_000,
    "transport": 30_000,
    "other": 20_000,
}


def fill_budget_demo(db: Database, ctx: DemoContext) -> None:
    for code, fen in PLANNED_FEN.items():
        set_planned(db, code, fen)
    events = []
    if db["events"].exists():
        events = db.execute("SELECT id, date, status FROM events ORDER BY date").fetchall()
    first_date = events[0][1] if events else "2026-03-15"
    record_expense(
        db,
        date=first_date,
        amount_fen=48_000,
        category="posters",
        payee="明德图文快印店",
        receipt_no="FP-2026-0012",
        note="A2 海报 24 张",
    )
    record_expense(
        db,
        date=first_date,
        amount_fen=67_500,
        category="flyers",
        payee="明德图文快印店",
        receipt_no="FP-2026-0013",
        note="A5 双面彩印传单 1500 张",
    )
    record_expense(
        db,
        date=first_date,
        amount_fen=36_000,
        category="prizes",
        payee="校园文创店",
        receipt_no="WC-0388",
        note="定制保温杯 40 个",
    )
    record_expense(
        db,
        date=first_date,
        amount_fen=9_600,
        category="printing",
        payee="学院复印室",
        receipt_no="FY-0051",
        note="荣誉证书纸 60 张",
    )
    for index, (event_id, date, status) in enumerate(events):
        if status in ("done", "planned"):
            set_event_planned(db, event_id, 15_000 if index else 45_000)
        if status != "done":
            continue
        record_expense(
            db,
            date=date,
            amount_fen=4_650 + 350 * index,
            category="transport",
            payee="滴滴出行",
            receipt_no=f"DD-{date.replace('-', '')}",
            event_id=event_id,
            note="物资运送往返",
        )
        if index == 0:
            wrong = record_expense(
                db,
                date=date,
                amount_fen=35_000,
                category="flyers",
                payee="明德图文快印店",
                receipt_no="FP-2026-0020",
                event_id=event_id,
                note="补印传单 800 张",
            )
            reverse_entry(db, wrong.id, "金额录错，应为 ¥320.00", date=date)
            record_expense(
                db,
                date=date,
                amount_fen=32_000,
                category="flyers",
                payee="明德图文快印店",
                receipt_no="FP-2026-0020",
                event_id=event_id,
                note="补印传单 800 张",
            )
        if index == 1:
            record_expense(
                db,
                date=date,
                amount_fen=2_400,
                category="other",
                payee="社区便利店",
                receipt_no="",
                event_id=event_id,
                note="志愿者饮用水",
            )
