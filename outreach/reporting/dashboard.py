"""What Home shows: next events, due and overdue checklist items, low stock, competition
progress, latest backup. Composed from the concepts' own functions; a concept that has not
landed gives ``None`` and Home says so plainly."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.i18n import Message, current_language, msg, with_detail

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Line:
    """One line of a dashboard list: a date (or nothing), a text, and whether it needs
    attention."""

    when: str
    text: str
    urgent: bool = False


@dataclass
class CompetitionProgress:
    teams: int
    eligible_teams: int
    members: int
    exam: Message | None = None  # e.g. "初赛: 48 of 60 graded"
    finals: list[Message] = field(default_factory=list)


@dataclass
class Dashboard:
    next_events: list[Line] | None
    due_items: list[Line] | None
    low_stock: list[Line] | None
    competition: CompetitionProgress | None
    latest_backup: Line | None
    backups_kept: int


def next_events(db: Database, today: dt.date, limit: int = 5) -> list[Line] | None:
    try:
        from outreach.events.schedule import upcoming_events
    except ImportError:
        return None
    lines = []
    for event in upcoming_events(db, today, limit):
        title = event.title or event.community_name
        # the community and venue only when the title does not already say them
        extra = []
        for part in (event.community_name, event.venue):
            if part and part not in title and part not in extra:
                extra.append(part)
        text = with_detail(title, " · ".join(extra)) if extra else title
        lines.append(
            Line(f"{event.date} {event.start_time}", text, urgent=event.status == "postponed")
        )
    return lines


def due_items(db: Database, today: dt.date) -> list[Line] | None:
    try:
        from outreach.events.checklists import due_checklist_items
    except ImportError:
        return None
    return [
        Line(
            item.due_date,
            msg(
                "home.due.overdue" if item.overdue else "home.due.soon",
                task=item.title,
                event=item.event_title,
                days=abs(item.days_left),
            ).render(),
            urgent=item.overdue,
        )
        for item in due_checklist_items(db, today)
    ]


def low_stock(db: Database, today: dt.date) -> list[Line] | None:
    try:
        from outreach.inventory.forecast import coming_run_outs
        from outreach.inventory.forecast import low_stock as low_items
    except ImportError:
        return None
    lines = [
        Line(
            "",  # the balance is in the text: said once
            msg(
                "home.stock.low",
                item=status.item.name,
                balance=status.balance,
                minimum=status.item.low_stock_level,
                unit=status.item.unit,
            ).render(),
            urgent=status.balance <= 0,
        )
        for status in low_items(db)
    ]
    for forecast in coming_run_outs(db, today):
        event = forecast.run_out_event
        lines.append(
            Line(
                event.date,
                msg(
                    "home.stock.runs_out",
                    item=forecast.item.name,
                    event=event.title,
                    reorder=forecast.suggested_reorder,
                    unit=forecast.item.unit,
                ).render(),
                urgent=True,
            )
        )
    from outreach.inventory.outcomes import material_label, pending_outcomes

    # handed out at an event but not in the ledger yet: the balance above is too high
    lines += [
        Line(
            pending.event_date,
            msg(
                "home.stock.not_posted",
                event=pending.event_title,
                material=material_label(pending.material, current_language()),
                count=pending.to_post,
            ).render(),
            urgent=True,
        )
        for pending in pending_outcomes(db)
    ]
    return lines


def competition_progress(db: Database) -> CompetitionProgress | None:
    try:
        from outreach.competition.roster import count_members, count_teams
        from outreach.competition.rules import eligible_team_ids
    except ImportError:
        return None
    progress = CompetitionProgress(
        teams=count_teams(db), eligible_teams=len(eligible_team_ids(db)), members=count_members(db)
    )
    progress.exam = _exam_progress(db)
    progress.finals = _final_states(db)
    return progress


def _exam_progress(db: Database) -> Message | None:
    try:
        from outreach.exam.exams import list_exams
        from outreach.exam.results import absent_members, person_results
    except ImportError:
        return None
    exams = list_exams(db)
    if not exams:
        return msg("home.exam.none")
    exam = exams[-1]
    graded = len(person_results(db, exam.id))
    expected = graded + len(absent_members(db, exam.id))
    return msg("home.exam.graded", exam=exam.name, graded=graded, expected=expected)


def _final_states(db: Database) -> list[Message]:
    try:
        from outreach.final.finals import list_finals, list_rounds, load_events, load_setup
        from outreach.final.scoring import replay
        from outreach.final.standings import final_standings
    except ImportError:
        return []
    found = []
    for final in list_finals(db):
        state = replay(load_setup(db, final.id), load_events(db, final.id))
        if not state.started:
            found.append(msg("home.final.not_started", final=final.name))
            continue
        rounds = {r.id: r.name for r in list_rounds(db, final.id)}
        standings = final_standings(db, final.id)
        leader = standings[0] if standings else None
        found.append(
            msg(
                "home.final.running",
                final=final.name,
                round=rounds.get(state.round_id or "", "—"),
                leader=leader.team_name if leader else "—",
                total=leader.total if leader else 0,
            )
        )
    return found


def latest_backup(path: Path | None) -> tuple[Line | None, int]:
    from outreach.storage.backups import list_backups

    if path is None:
        return None, 0
    backups = list_backups(path)
    if not backups:
        return None, 0
    newest = backups[0]
    return Line(newest.created.strftime("%Y-%m-%d %H:%M"), newest.reason), len(backups)


@dataclass
class HomeFigures:
    """Everything Home shows besides the file's name: the dashboard and the contents' counts."""

    board: Dashboard
    counts: list[tuple[str, int]]


def home_figures(db: Database, path: Path | None, today: dt.date | None = None) -> HomeFigures:
    from outreach.demo import summary

    return HomeFigures(dashboard(db, path, today), summary(db))


def home_figures_of_file(path: Path, today: dt.date | None = None) -> HomeFigures:
    """Read on a connection of its own, so that a worker thread can do it while the window
    stays responsive (and start-up does not wait for it)."""
    from outreach.storage.database import reading

    with reading(path) as db:
        return home_figures(db, path, today)


def dashboard(db: Database, path: Path | None, today: dt.date | None = None) -> Dashboard:
    today = today or dt.date.today()
    backup, kept = latest_backup(path)
    return Dashboard(
        next_events=next_events(db, today),
        due_items=due_items(db, today),
        low_stock=low_stock(db, today),
        competition=competition_progress(db),
        latest_backup=backup,
        backups_kept=kept,
    )
