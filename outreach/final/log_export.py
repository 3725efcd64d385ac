"""The score log as people read it (one line per event) and its CSV/XLSX export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.final import scoring
from outreach.final.finals import list_finals, load_events, load_setup
from outreach.final.rounds import round_name
from outreach.final.scoring import Event, Setup
from outreach.i18n import current_language, msg, tr_in
from outreach.spreadsheets import NothingToExport, write_table

if TYPE_CHECKING:
    from sqlite_utils import Database

LOG_HEADER_KEYS = (
    "final.log.seq",
    "final.log.time",
    "final.log.final",
    "final.log.round",
    "final.log.action",
    "final.log.team",
    "final.log.points",
    "final.log.detail",
    "final.log.reason",
    "final.log.state",
)


@dataclass(frozen=True)
class LogLine:
    seq: int
    at: str
    round_name: str
    action: str
    team_name: str
    points: int
    detail: str
    reason: str
    in_force: str
    event: Event


def describe(event: Event, setup: Setup, events_by_id: dict[str, Event], language: str) -> str:
    data = event.data
    if event.kind == scoring.QUESTION_OPEN:
        return str(data.get("stem", ""))[:80]
    if event.kind == scoring.ANSWER:
        text = tr_in(language, f"final.outcome.{data.get('outcome', 'none')}")
        if "stake" in data:
            text += " · " + tr_in(language, "final.log.stake_detail", stake=data["stake"])
        return text
    if event.kind == scoring.STAKE:
        return tr_in(language, "final.log.stake_detail", stake=data.get("stake", 0))
    if event.kind == scoring.REVEAL:
        return tr_in(language, f"final.stage.{data.get('stage', 'answer')}")
    if event.kind == scoring.TIMER:
        state = "final.log.timer_running" if data.get("running") else "final.log.timer_stopped"
        return tr_in(language, state, seconds=int(data.get("remaining_ms", 0)) // 1000)
    if event.kind in (scoring.UNDO, scoring.REDO) and event.target in events_by_id:
        target = events_by_id[event.target]
        return f"#{target.seq} " + tr_in(language, f"final.event.{target.kind}")
    if event.kind == scoring.DRAW:
        return " → ".join(data.get("names", []))
    if event.kind == scoring.SETUP:
        # a tie-break round's name is kept as its code: shown in the log's language
        return ", ".join(
            f"{k}={round_name(v, language) if k == 'name' and isinstance(v, str) else v}"
            for k, v in data.items()
        )
    return ""


def log_lines(db: Database, final_id: str, language: str | None = None) -> list[LogLine]:
    language = language or current_language()
    setup = load_setup(db, final_id)
    events = load_events(db, final_id)
    by_id = {e.id: e for e in events}
    active, _, _ = scoring.activity(events)
    lines = []
    for event in events:
        info = setup.round(event.round_id)
        team = setup.team(event.team_id)
        undone = event.kind in scoring.UNDOABLE and event.id not in active
        lines.append(
            LogLine(
                seq=event.seq,
                at=event.at,
                round_name=info.name_in(language) if info else "",
                action=tr_in(language, f"final.event.{event.kind}"),
                team_name=team.name if team else "",
                points=event.points,
                detail=describe(event, setup, by_id, language),
                reason=event.reason,
                in_force=tr_in(language, "final.log.undone") if undone else "",
                event=event,
            )
        )
    return lines


def export_log(
    db: Database, path: Path, final_id: str | None = None, language: str | None = None
) -> int:
    """Write the log of one final (or of all finals) as CSV or XLSX; returns the row count."""
    language = language or current_language()
    finals = [f for f in list_finals(db) if final_id is None or f.id == final_id]
    rows = []
    for final in finals:
        for line in log_lines(db, final.id, language):
            rows.append(
                [
                    line.seq,
                    line.at,
                    final.name,
                    line.round_name,
                    line.action,
                    line.team_name,
                    line.points,
                    line.detail,
                    line.reason,
                    line.in_force,
                ]
            )
    if not rows:
        # an empty log file could not be told from a lost one: say why instead
        if not finals:
            raise NothingToExport(msg("final.export.no_final"))
        raise NothingToExport(
            msg("final.export.no_events", name=finals[0].name)
            if len(finals) == 1
            else msg("final.export.no_events_any")
        )
    headers = [tr_in(language, key) for key in LOG_HEADER_KEYS]
    return write_table(path, headers, rows)
