"""A final's set-up (rounds, teams in draw order, base score, tie-break ladder) and its log.

Set-up is editable until scoring starts; after that a change needs an explicit ``unlock``
(logged with a reason) and every change made while unlocked is logged as a ``setup`` event.
Each function that writes runs in one transaction and returns what it changed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from outreach.final import scoring
from outreach.final.rounds import (
    KIND_EXTRA,
    PRESETS,
    RoundRule,
    parse_stakes,
    round_name,
    split_positive_numbers,
    tiebreak_code,
    tiebreak_names,
)
from outreach.final.scoring import Event, RoundInfo, Setup, TeamInfo
from outreach.i18n import Message, msg, tr_in
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

DEFAULT_LADDER = ("total", "risk_points", "fewer_wrong", "extra_round")
DEFAULT_PRIZE_CUTS = (1, 3, 6)
# The console's own keys cannot be buzzers.
RESERVED_KEYS = frozenset(
    {
        *"123456789",
        "R",
        "W",
        "N",
        "S",
        "P",
        "SPACE",
        "RETURN",  # Enter opens the next bank question
        "ENTER",
        "CTRL+Z",
        "CTRL+Y",
        "CTRL+SHIFT+Z",
    }
)


def is_reserved_key(key: str) -> bool:
    """Whether ``key`` (as the console names it: "F5", "Return", "Num+1") is one of the
    console's own keys, on the main keyboard or the keypad."""
    name = key.strip().upper()
    return name.removeprefix("NUM+") in RESERVED_KEYS


class FinalError(Exception):
    """A refused change; ``message`` is translatable."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Final:
    id: str
    name: str
    exam_id: str | None
    base_score: int
    ladder: tuple[str, ...]
    prize_cuts: tuple[int, ...]
    hide_bottom: int
    created_at: str


@dataclass(frozen=True)
class FinalRound:
    id: str
    final_id: str
    position: int
    stored_name: str  # as typed, or a tie-break round's code (see rounds.round_name)
    rule: RoundRule

    @property
    def name(self) -> str:
        """The name in the interface's language at the moment it is shown."""
        return round_name(self.stored_name)

    def name_in(self, language: str) -> str:
        return round_name(self.stored_name, language)


@dataclass(frozen=True)
class FinalTeam:
    id: str
    final_id: str
    team_id: str
    name: str
    class_name: str
    position: int
    buzzer_key: str


def _final(row: dict[str, Any]) -> Final:
    return Final(
        id=row["id"],
        name=row["name"],
        exam_id=row["exam_id"],
        base_score=int(row["base_score"]),
        ladder=tuple(json.loads(row["ladder"] or "[]")) or DEFAULT_LADDER,
        prize_cuts=tuple(int(c) for c in json.loads(row["prize_cuts"] or "[]")),
        hide_bottom=int(row["hide_bottom"]),
        created_at=row["created_at"],
    )


def list_finals(db: Database) -> list[Final]:
    if not db["finals"].exists():
        return []
    return [_final(r) for r in db.query("SELECT * FROM finals ORDER BY created_at, name")]


def get_final(db: Database, final_id: str) -> Final:
    rows = list(db.query("SELECT * FROM finals WHERE id = ?", [final_id]))
    if not rows:
        raise FinalError(msg("final.error.no_final", final=final_id))
    return _final(rows[0])


def find_final(db: Database, name_or_id: str) -> Final:
    rows = list(db.query("SELECT * FROM finals WHERE id = ? OR name = ?", [name_or_id] * 2))
    if not rows:
        raise FinalError(msg("final.error.no_final", final=name_or_id))
    return _final(rows[0])


def list_rounds(db: Database, final_id: str) -> list[FinalRound]:
    return [
        FinalRound(r["id"], r["final_id"], r["position"], r["name"], RoundRule.from_json(r["rule"]))
        for r in db.query(
            "SELECT * FROM final_rounds WHERE final_id = ? ORDER BY position", [final_id]
        )
    ]


def list_final_teams(db: Database, final_id: str) -> list[FinalTeam]:
    """The final's teams in draw order. A team still on the roster shows its roster name and
    class as they are now (a typo fixed on the Teams page reaches the console, the projector
    and the printouts); the names stored with the final are kept for teams no longer there."""
    if db["teams"].exists():
        sql = (
            "SELECT f.id, f.final_id, f.team_id,"
            " COALESCE(NULLIF(t.name, ''), NULLIF(t.class_name, ''), f.name) AS name,"
            " COALESCE(t.class_name, f.class_name) AS class_name, f.position, f.buzzer_key"
            " FROM final_teams f LEFT JOIN teams t ON t.id = f.team_id"
            " WHERE f.final_id = ? ORDER BY f.position"
        )
    else:
        sql = (
            "SELECT id, final_id, team_id, name, class_name, position, buzzer_key"
            " FROM final_teams WHERE final_id = ? ORDER BY position"
        )
    return [
        FinalTeam(
            r["id"],
            r["final_id"],
            r["team_id"],
            r["name"],
            r["class_name"],
            r["position"],
            r["buzzer_key"],
        )
        for r in db.query(sql, [final_id])
    ]


def load_events(db: Database, final_id: str, after_seq: int = 0) -> list[Event]:
    return [
        Event(
            seq=r["seq"],
            id=r["id"],
            kind=r["kind"],
            round_id=r["round_id"],
            team_id=r["team_id"],
            points=r["points"],
            data=json.loads(r["data"] or "{}"),
            target=r["target"],
            reason=r["reason"],
            at=r["at"],
        )
        for r in db.query(
            "SELECT * FROM final_events WHERE final_id = ? AND seq > ? ORDER BY seq",
            [final_id, after_seq],
        )
    ]


def load_setup(db: Database, final_id: str) -> Setup:
    final = get_final(db, final_id)
    return Setup(
        teams=tuple(
            TeamInfo(t.team_id, t.name, t.position, t.buzzer_key, t.class_name)
            for t in list_final_teams(db, final_id)
        ),
        rounds=tuple(RoundInfo(r.id, r.stored_name, r.rule) for r in list_rounds(db, final_id)),
        base_score=final.base_score,
    )


def state_of(db: Database, final_id: str) -> scoring.FinalState:
    return scoring.replay(load_setup(db, final_id), load_events(db, final_id))


def append_event(
    db: Database,
    final_id: str,
    kind: str,
    *,
    round_id: str | None = None,
    team_id: str | None = None,
    points: int = 0,
    data: dict[str, Any] | None = None,
    target: str | None = None,
    reason: str = "",
) -> Event:
    """Append one event (the caller's transaction, or its own)."""
    if kind not in scoring.ALL_KINDS:
        raise ValueError(f"unknown event kind {kind!r}")
    row = {
        "id": new_id(),
        "final_id": final_id,
        "at": now_iso(),
        "kind": kind,
        "round_id": round_id,
        "team_id": team_id,
        "points": int(points),
        "data": json.dumps(data or {}, ensure_ascii=False, sort_keys=True),
        "target": target,
        "reason": reason,
    }
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO final_events (id, final_id, at, kind, round_id, team_id, points, data,"
            " target, reason) VALUES (:id, :final_id, :at, :kind, :round_id, :team_id, :points,"
            " :data, :target, :reason)",
            row,
        )
    return Event(
        seq=cursor.lastrowid,
        id=row["id"],
        kind=kind,
        round_id=round_id,
        team_id=team_id,
        points=int(points),
        data=data or {},
        target=target,
        reason=reason,
        at=row["at"],
    )


# -- set-up -------------------------------------------------------------------------------


def setup_locked(db: Database, final_id: str) -> bool:
    state = state_of(db, final_id)
    return state.started and not state.setup_unlocked


def _editing(db: Database, final_id: str, change: str, **details: Any) -> None:
    """Refuse a set-up change once scoring started (unless unlocked); log it when unlocked."""
    state = state_of(db, final_id)
    if state.started and not state.setup_unlocked:
        raise FinalError(msg("final.error.locked"))
    if state.started:
        append_event(db, final_id, scoring.SETUP, data={"change": change, **details})


def create_final(
    db: Database,
    name: str,
    *,
    base_score: int = 100,
    exam_id: str | None = None,
    rounds: Sequence[str] = ("compulsory", "buzz", "risk"),
    language: str = "zh_CN",
    prize_cuts: Sequence[int] = DEFAULT_PRIZE_CUTS,
) -> Final:
    name = name.strip()
    if not name:
        raise FinalError(msg("final.error.name_empty"))
    if db.execute("SELECT 1 FROM finals WHERE name = ?", [name]).fetchone():
        raise FinalError(msg("final.error.name_taken", name=name))
    final_id = new_id()
    with db.atomic():
        db["finals"].insert(
            {
                "id": final_id,
                "name": name,
                "exam_id": exam_id,
                "base_score": int(base_score),
                "ladder": json.dumps(list(DEFAULT_LADDER)),
                "prize_cuts": json.dumps(list(prize_cuts)),
                "hide_bottom": 0,
                "created_at": now_iso(),
            }
        )
        for kind in rounds:
            add_round(db, final_id, kind, language=language)
    return get_final(db, final_id)


def parse_prize_cuts(text: str) -> list[int]:
    """Prize boundaries as organisers type them: ``1, 3, 6``, ``1、3、6``, ``１ ３ ６``.
    Anything that is not a positive rank is refused rather than silently dropped (a typo
    wiped every boundary, and with them the tie warnings)."""
    numbers, bad = split_positive_numbers(text)
    if bad:
        raise FinalError(msg("final.error.bad_prize_cuts", text=" ".join(bad)))
    return sorted(numbers)


def parse_stakes_text(text: str) -> tuple[int, ...]:
    """A risk round's stakes as typed (``10, 20, 30``); refused when a part is not a
    positive number."""
    try:
        return parse_stakes(text)
    except ValueError as exc:
        raise FinalError(msg("final.error.bad_stakes", text=str(exc))) from exc


def update_final(db: Database, final_id: str, **changes: Any) -> Final:
    """Change base score, ladder, prize cuts, hide_bottom or name."""
    allowed = {"name", "base_score", "ladder", "prize_cuts", "hide_bottom", "exam_id"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    values: dict[str, Any] = {}
    for key, value in changes.items():
        if key in ("ladder", "prize_cuts"):
            values[key] = json.dumps(list(value))
        else:
            values[key] = value
    if "ladder" in changes:
        from outreach.final.standings import CRITERIA

        bad = [c for c in changes["ladder"] if c not in CRITERIA]
        if bad or not changes["ladder"]:
            raise FinalError(msg("final.error.ladder", names=bad))
    with db.atomic():
        # Display options (hide bottom N) never need an unlock: they change no score.
        if set(changes) - {"hide_bottom", "name"}:
            _editing(db, final_id, "final", **{k: str(v) for k, v in changes.items()})
        db["finals"].update(final_id, values)
    return get_final(db, final_id)


def add_round(
    db: Database,
    final_id: str,
    kind: str,
    *,
    name: str | None = None,
    rule: RoundRule | None = None,
    language: str = "zh_CN",
) -> FinalRound:
    if kind not in PRESETS:
        raise FinalError(msg("final.error.round_kind", kind=kind))
    rule = rule or PRESETS[kind].rule
    problems = rule.problems()
    if problems:
        raise FinalError(problems[0])
    name = (name or tr_in(language, PRESETS[kind].name_key)).strip()
    with db.atomic():
        _editing(db, final_id, "add_round", name=name)
        position = db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM final_rounds WHERE final_id = ?",
            [final_id],
        ).fetchone()[0]
        round_id = new_id()
        db["final_rounds"].insert(
            {
                "id": round_id,
                "final_id": final_id,
                "position": position,
                "name": name,
                "rule": rule.to_json(),
            }
        )
    return FinalRound(round_id, final_id, position, name, rule)


def update_round(
    db: Database, round_id: str, *, name: str | None = None, rule: RoundRule | None = None
) -> FinalRound:
    row = db.execute("SELECT final_id FROM final_rounds WHERE id = ?", [round_id]).fetchone()
    if row is None:
        raise FinalError(msg("final.error.no_round"))
    final_id = row[0]
    changes: dict[str, Any] = {}
    if name is not None:
        if not name.strip():
            raise FinalError(msg("final.error.name_empty"))
        stored = db.execute("SELECT name FROM final_rounds WHERE id = ?", [round_id]).fetchone()[0]
        # a tie-break round's name saved as shown keeps following the language
        if name.strip() not in tiebreak_names(stored):
            changes["name"] = name.strip()
    if rule is not None:
        problems = rule.problems()
        if problems:
            raise FinalError(problems[0])
        changes["rule"] = rule.to_json()
    with db.atomic():
        _editing(db, final_id, "update_round", round=round_id, **changes)
        db["final_rounds"].update(round_id, changes)
    return next(r for r in list_rounds(db, final_id) if r.id == round_id)


def add_tiebreak_round(db: Database, final_id: str) -> FinalRound:
    """The extra buzz-in round (附加赛) for a tie at a prize boundary: part of the flow, so it
    needs no unlock, but it is logged like any change of set-up. Refused when no tie at a
    prize boundary is left to settle, or a tie-break round under way is settling it."""
    from outreach.final.live import Live

    live = Live.open(db, final_id)
    ties, running = live.tie_status()
    if running:
        raise FinalError(msg("final.error.tiebreak_running", round=live.round.name))
    if not ties:
        raise FinalError(msg("final.error.no_tie"))
    count = db.execute(
        "SELECT count(*) FROM final_rounds WHERE final_id = ? AND json_extract(rule, '$.kind') = ?",
        [final_id, KIND_EXTRA],
    ).fetchone()[0]
    name = tiebreak_code(count + 1)  # shown in the language in force, not the one of now
    with db.atomic():
        position = db.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM final_rounds WHERE final_id = ?",
            [final_id],
        ).fetchone()[0]
        round_id = new_id()
        rule = PRESETS[KIND_EXTRA].rule
        db["final_rounds"].insert(
            {
                "id": round_id,
                "final_id": final_id,
                "position": position,
                "name": name,
                "rule": rule.to_json(),
            }
        )
        append_event(db, final_id, scoring.SETUP, data={"change": "tiebreak", "name": name})
    return FinalRound(round_id, final_id, position, name, rule)


def remove_round(db: Database, round_id: str) -> None:
    row = db.execute("SELECT final_id FROM final_rounds WHERE id = ?", [round_id]).fetchone()
    if row is None:
        raise FinalError(msg("final.error.no_round"))
    final_id = row[0]
    used = db.execute("SELECT 1 FROM final_events WHERE round_id = ?", [round_id]).fetchone()
    if used:
        raise FinalError(msg("final.error.round_used"))
    with db.atomic():
        _editing(db, final_id, "remove_round", round=round_id)
        db.execute("DELETE FROM final_rounds WHERE id = ?", [round_id])
        _renumber(db, "final_rounds", final_id)


def move_round(db: Database, round_id: str, offset: int) -> None:
    row = db.execute("SELECT final_id FROM final_rounds WHERE id = ?", [round_id]).fetchone()
    if row is None:
        raise FinalError(msg("final.error.no_round"))
    final_id = row[0]
    ids = [r.id for r in list_rounds(db, final_id)]
    index = ids.index(round_id)
    target = max(0, min(len(ids) - 1, index + offset))
    if target == index:
        return
    ids.insert(target, ids.pop(index))
    with db.atomic():
        _editing(db, final_id, "move_round", round=round_id, offset=offset)
        for position, rid in enumerate(ids, start=1):
            db["final_rounds"].update(rid, {"position": position})


def _renumber(db: Database, table: str, final_id: str) -> None:
    ids = [
        r[0]
        for r in db.execute(
            f"SELECT id FROM [{table}] WHERE final_id = ? ORDER BY position", [final_id]
        ).fetchall()
    ]
    for position, rid in enumerate(ids, start=1):
        db[table].update(rid, {"position": position})


def set_teams(
    db: Database, final_id: str, teams: Sequence[tuple[str, str, str]]
) -> list[FinalTeam]:
    """Replace the teams with ``(team_id, name, class_name)`` in this order (the draw order)."""
    ids = [t[0] for t in teams]
    if len(set(ids)) != len(ids):
        raise FinalError(msg("final.error.duplicate_team"))
    if len(teams) > 9:
        raise FinalError(msg("final.error.too_many_teams"))
    old_keys = {t.team_id: t.buzzer_key for t in list_final_teams(db, final_id)}
    with db.atomic():
        _editing(db, final_id, "teams", names=", ".join(t[1] for t in teams))
        db.execute("DELETE FROM final_teams WHERE final_id = ?", [final_id])
        for position, (team_id, name, class_name) in enumerate(teams, start=1):
            db["final_teams"].insert(
                {
                    "id": new_id(),
                    "final_id": final_id,
                    "team_id": team_id,
                    "name": name,
                    "class_name": class_name,
                    "position": position,
                    "buzzer_key": old_keys.get(team_id, ""),
                }
            )
    return list_final_teams(db, final_id)


def randomise_draw(db: Database, final_id: str, rng: random.Random | None = None) -> list[str]:
    """Shuffle the draw order and record it in the log; returns the names in the new order."""
    teams = list_final_teams(db, final_id)
    order = list(teams)
    (rng or random.SystemRandom()).shuffle(order)
    with db.atomic():
        _editing(db, final_id, "draw")
        for position, team in enumerate(order, start=1):
            db["final_teams"].update(team.id, {"position": position})
        append_event(
            db,
            final_id,
            scoring.DRAW,
            data={"order": [t.team_id for t in order], "names": [t.name for t in order]},
        )
    return [t.name for t in order]


def set_buzzer_key(db: Database, final_id: str, team_id: str, key: str) -> None:
    """Bind a key (e.g. what a USB buzzer types) to a team; a key belongs to one team."""
    key = key.strip()
    if is_reserved_key(key):
        raise FinalError(msg("final.error.reserved_key", key=key))
    with db.atomic():
        if key:
            db.execute(
                "UPDATE final_teams SET buzzer_key = '' WHERE final_id = ? AND buzzer_key = ?",
                [final_id, key],
            )
        db.execute(
            "UPDATE final_teams SET buzzer_key = ? WHERE final_id = ? AND team_id = ?",
            [key, final_id, team_id],
        )


def unlock_setup(db: Database, final_id: str, reason: str) -> Event:
    if not reason.strip():
        raise FinalError(msg("final.error.reason_required"))
    return append_event(db, final_id, scoring.UNLOCK, reason=reason.strip())


def lock_setup(db: Database, final_id: str) -> Event:
    return append_event(db, final_id, scoring.LOCK)


def check_finals(db: Database) -> list[Message]:
    """Every event belongs to a known kind, points only on scoring events, targets exist."""
    problems: list[Message] = []
    for final in list_finals(db):
        events = load_events(db, final.id)
        ids = {e.id for e in events}
        for event in events:
            if event.kind not in scoring.ALL_KINDS:
                problems.append(msg("final.check.kind", final=final.name, seq=event.seq))
            if event.points and event.kind not in scoring.SCORING:
                problems.append(msg("final.check.points", final=final.name, seq=event.seq))
            if event.kind in (scoring.UNDO, scoring.REDO) and event.target not in ids:
                problems.append(msg("final.check.target", final=final.name, seq=event.seq))
    return problems
