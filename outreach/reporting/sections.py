"""The report's sections per concept. Each imports its concept inside the function, so the
report builds with whichever concepts have landed and says which have no figures yet."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from outreach.i18n import with_detail
from outreach.reporting.charts import bar_chart
from outreach.reporting.programme_report import ReportContext, table, yuan


def _short(text: str, limit: int = 8) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class EventFigures:
    held: int
    planned: int
    residents: int
    consultations: int
    flyers: int
    rows: list  # (event, outcome)


def event_figures(ctx: ReportContext) -> EventFigures | None:
    try:
        from outreach.events.outcomes import get_outcome
        from outreach.events.schedule import list_events
    except ImportError:
        return None
    events = list_events(ctx.db)
    rows = []
    for event in events:
        if event.status == "done":
            rows.append((event, get_outcome(ctx.db, event.id)))
    rows.sort(key=lambda pair: pair[0].date)
    outcomes = [o for _, o in rows if o is not None]
    return EventFigures(
        held=len(rows),
        planned=sum(1 for e in events if e.status in ("planned", "postponed")),
        residents=sum(o.residents_reached for o in outcomes),
        consultations=sum(o.consultations for o in outcomes),
        flyers=sum(o.materials.get("flyers", 0) for o in outcomes),
        rows=rows,
    )


def events_section(ctx: ReportContext) -> list[Flowable]:
    figures = event_figures(ctx)
    if figures is None:
        return ctx.unavailable("report.what.events")
    parts: list[Flowable] = [
        ctx.para(
            ctx.t(
                "report.events.summary",
                held=figures.held,
                planned=figures.planned,
                residents=figures.residents,
                consultations=figures.consultations,
                flyers=figures.flyers,
            )
        )
    ]
    if not figures.rows:
        return parts
    header = [
        ctx.t("report.events.date"),
        ctx.t("report.events.place"),
        ctx.t("report.events.residents"),
        ctx.t("report.events.consultations"),
        ctx.t("report.events.flyers"),
        ctx.t("report.events.posters"),
    ]
    body = []
    for event, outcome in figures.rows:
        materials = outcome.materials if outcome else {}
        body.append(
            [
                event.date,
                event.community_name or event.title,
                outcome.residents_reached if outcome else "—",
                outcome.consultations if outcome else "—",
                materials.get("flyers", 0),
                materials.get("posters", 0),
            ]
        )
    parts.append(table(ctx, header, body, [24 * mm, 50 * mm, 24 * mm, 30 * mm, 22 * mm, 22 * mm]))
    parts.append(Spacer(1, 3 * mm))
    labels = [f"{e.date[5:]} {_short(e.community_name or e.title, 6)}" for e, _ in figures.rows]
    parts.append(
        bar_chart(
            labels,
            [
                [o.residents_reached if o else 0 for _, o in figures.rows],
                [o.materials.get("flyers", 0) if o else 0 for _, o in figures.rows],
            ],
            series_names=[ctx.t("report.events.residents"), ctx.t("report.events.flyers")],
            title=ctx.t("report.events.chart"),
        )
    )
    return parts


def flyers_section(ctx: ReportContext) -> list[Flowable]:
    try:
        from outreach.inventory.items import list_items
        from outreach.inventory.ledger import all_movements, balances
    except ImportError:
        return ctx.unavailable("report.what.inventory")
    items = list_items(ctx.db)
    if not items:
        return [ctx.para(ctx.t("report.flyers.none"))]
    received: dict[str, int] = {}
    handed_out: dict[str, int] = {}
    for movement in all_movements(ctx.db):
        if movement.kind == "received":
            received[movement.item_id] = received.get(movement.item_id, 0) + movement.delta
        elif movement.kind in ("issued", "returned"):
            handed_out[movement.item_id] = handed_out.get(movement.item_id, 0) - movement.delta
    on_hand = balances(ctx.db)
    header = [
        ctx.t("report.flyers.item"),
        ctx.t("report.flyers.received"),
        ctx.t("report.flyers.handed_out"),
        ctx.t("report.flyers.balance"),
    ]
    rows = [
        [
            with_detail(item.name, item.unit, ctx.language) if item.unit else item.name,
            received.get(item.id, 0),
            handed_out.get(item.id, 0),
            on_hand.get(item.id, 0),
        ]
        for item in items
    ]
    parts: list[Flowable] = [table(ctx, header, rows, [80 * mm, 30 * mm, 30 * mm, 30 * mm])]
    parts.append(Spacer(1, 3 * mm))
    parts.append(
        bar_chart(
            [_short(item.name, 8) for item in items],
            [[handed_out.get(i.id, 0) for i in items], [on_hand.get(i.id, 0) for i in items]],
            series_names=[ctx.t("report.flyers.handed_out"), ctx.t("report.flyers.balance")],
            title=ctx.t("report.flyers.chart"),
        )
    )
    return parts


def competition_section(ctx: ReportContext) -> list[Flowable]:
    try:
        from outreach.competition.roster import count_members, count_teams
        from outreach.competition.rules import eligible_team_ids
    except ImportError:
        return ctx.unavailable("report.what.competition")
    parts: list[Flowable] = [
        ctx.para(
            ctx.t(
                "report.competition.teams",
                teams=count_teams(ctx.db),
                eligible=len(eligible_team_ids(ctx.db)),
                members=count_members(ctx.db),
            )
        )
    ]
    parts += _exam_part(ctx)
    parts += _final_part(ctx)
    return parts


def _exam_part(ctx: ReportContext) -> list[Flowable]:
    try:
        from outreach.exam.exams import list_exams
        from outreach.exam.results import absent_members, person_results, team_standings
    except ImportError:
        return ctx.unavailable("report.what.exam")
    exams = list_exams(ctx.db)
    if not exams:
        return [ctx.para(ctx.t("report.exam.none"))]
    parts: list[Flowable] = []
    for exam in exams:
        people = person_results(ctx.db, exam.id)
        parts.append(ctx.para(ctx.t("report.exam.heading", exam=exam.name), "heading"))
        if not people:
            parts.append(ctx.para(ctx.t("report.exam.no_results")))
            continue
        scores = [p.score for p in people]
        parts.append(
            ctx.para(
                ctx.t(
                    "report.exam.summary",
                    sat=len(people),
                    absent=len(absent_members(ctx.db, exam.id)),
                    average=f"{sum(scores) / len(scores):.1f}",
                    best=max(scores),
                    full=people[0].max_score,
                )
            )
        )
        teams = team_standings(ctx.db, exam.id)[:10]
        if teams:
            header = [
                ctx.t("report.final.rank"),
                ctx.t("report.final.team"),
                ctx.t("report.exam.team_score"),
            ]
            rows = [
                [
                    t.rank,
                    f"{t.class_name} · {t.team_name}" if t.team_name else t.class_name,
                    t.score,
                ]
                for t in teams
            ]
            parts.append(table(ctx, header, rows, [18 * mm, 110 * mm, 35 * mm]))
            parts.append(Spacer(1, 3 * mm))
            parts.append(
                bar_chart(
                    [_short(t.team_name or t.class_name, 6) for t in teams],
                    [[t.score for t in teams]],
                    title=ctx.t("report.exam.chart"),
                )
            )
    return parts


def _final_part(ctx: ReportContext) -> list[Flowable]:
    try:
        from outreach.final.finals import list_finals
        from outreach.final.standings import final_standings
    except ImportError:
        return ctx.unavailable("report.what.final")
    parts: list[Flowable] = []
    for final in list_finals(ctx.db):
        standings = final_standings(ctx.db, final.id)
        parts.append(ctx.para(ctx.t("report.final.heading", final=final.name), "heading"))
        if not standings:
            parts.append(ctx.para(ctx.t("report.final.no_teams")))
            continue
        header = [
            ctx.t("report.final.rank"),
            ctx.t("report.final.team"),
            ctx.t("report.final.total"),
            ctx.t("report.final.right"),
            ctx.t("report.final.wrong"),
        ]
        rows = [[s.rank, s.team_name, s.total, s.right, s.wrong] for s in standings]
        parts.append(table(ctx, header, rows, [18 * mm, 82 * mm, 25 * mm, 25 * mm, 25 * mm]))
        parts.append(Spacer(1, 3 * mm))
        parts.append(
            bar_chart(
                [_short(s.team_name, 6) for s in standings],
                [[s.total for s in standings]],
                title=ctx.t("report.final.chart"),
            )
        )
    if not parts:
        parts.append(ctx.para(ctx.t("report.final.none")))
    return parts


def winners_section(ctx: ReportContext) -> list[Flowable]:
    try:
        from outreach.awards.awards import list_awards, list_tiers
    except ImportError:
        return ctx.unavailable("report.what.awards")
    awards = sorted(
        list_awards(ctx.db), key=lambda a: (a.tier_order, a.recipient.rank or 0, a.name)
    )
    if not awards:
        return [ctx.para(ctx.t("report.winners.none"))]
    paid = sum(a.paid_fen for a in awards)
    parts: list[Flowable] = [
        ctx.para(
            ctx.t(
                "report.winners.summary",
                count=len(awards),
                prizes=yuan(sum(a.prize_fen for a in awards)),
                paid=yuan(paid),
            )
        )
    ]
    header = [
        ctx.t("report.winners.tier"),
        ctx.t("report.winners.name"),
        ctx.t("report.winners.team"),
        ctx.t("report.winners.prize"),
    ]
    rows = [
        [
            a.tier_name,
            a.name,
            a.recipient.team or a.recipient.class_name,
            yuan(a.prize_fen) if a.prize_fen else "—",
        ]
        for a in awards
    ]
    parts.append(table(ctx, header, rows, [30 * mm, 35 * mm, 80 * mm, 25 * mm]))
    tiers = [t for t in list_tiers(ctx.db) if any(a.tier_id == t.id for a in awards)]
    if len(tiers) > 1:
        parts.append(Spacer(1, 3 * mm))
        parts.append(
            bar_chart(
                [t.name for t in tiers],
                [[sum(1 for a in awards if a.tier_id == t.id) for t in tiers]],
                title=ctx.t("report.winners.chart"),
                height=170,
            )
        )
    return parts


def budget_section(ctx: ReportContext) -> list[Flowable]:
    try:
        from outreach.budget.categories import category_name
        from outreach.budget.ledger import actual_by_category, totals
    except ImportError:
        return ctx.unavailable("report.what.budget")
    lines = actual_by_category(ctx.db)
    planned, actual = totals(ctx.db)
    header = [
        ctx.t("report.budget.category"),
        ctx.t("report.budget.planned"),
        ctx.t("report.budget.actual"),
        ctx.t("report.budget.remaining"),
    ]
    rows = [
        [
            category_name(ctx.db, line.code, ctx.language),
            yuan(line.planned_fen),
            yuan(line.actual_fen),
            yuan(line.remaining_fen),
        ]
        for line in lines
    ]
    rows.append([ctx.t("report.budget.total"), yuan(planned), yuan(actual), yuan(planned - actual)])
    parts: list[Flowable] = [
        ctx.para(ctx.t("report.budget.summary", planned=yuan(planned), actual=yuan(actual))),
        table(ctx, header, rows, [70 * mm, 34 * mm, 34 * mm, 34 * mm]),
        Spacer(1, 3 * mm),
    ]
    shown = [line for line in lines if line.planned_fen or line.actual_fen]
    if shown:
        parts.append(
            bar_chart(
                [_short(category_name(ctx.db, line.code, ctx.language), 6) for line in shown],
                [
                    [line.planned_fen / 100 for line in shown],
                    [line.actual_fen / 100 for line in shown],
                ],
                series_names=[ctx.t("report.budget.planned"), ctx.t("report.budget.actual")],
                title=ctx.t("report.budget.chart"),
            )
        )
    return parts


SECTIONS = [
    ("report.section.events", events_section),
    ("report.section.flyers", flyers_section),
    ("report.section.competition", competition_section),
    ("report.section.winners", winners_section),
    ("report.section.budget", budget_section),
]
