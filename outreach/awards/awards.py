"""Award tiers, award rules and recipients.

Rules turn ranked candidates into proposals: bands of final ranks (1 → 一等奖, 2–3 → 二等奖…),
exam ranks or score thresholds, volunteers' hours, or a recipient typed by hand. A team's award
goes to every member of the team. Proposals are shown first; ``grant`` writes them (one
transaction) and skips a person who already holds that tier for that event.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from outreach.i18n import Message, msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database


class AwardsError(ValueError):
    def __init__(self, message: Message) -> None:
        super().__init__(message.render("en"))
        self.message = message


@dataclass(frozen=True)
class Tier:
    id: str
    name: str
    sort_order: int
    prize_fen: int
    layout_id: str


@dataclass(frozen=True)
class Recipient:
    """A person as printed on the certificate (snapshot), and where they came from."""

    name: str
    class_name: str = ""
    team: str = ""
    student_no: str = ""
    member_id: str | None = None
    person_ref: str | None = None
    team_id: str | None = None
    hours: float | None = None
    rank: int | None = None
    score: float | None = None

    @property
    def key(self) -> str:
        """Who this is, for duplicate detection."""
        if self.member_id:
            return f"m:{self.member_id}"
        if self.person_ref:
            return f"p:{self.person_ref}"
        return f"n:{self.name.strip()}|{self.class_name.strip()}"


@dataclass(frozen=True)
class Award:
    id: str
    tier_id: str
    tier_name: str
    tier_order: int
    layout_id: str
    event_name: str
    source: str
    source_ref: str | None
    recipient: Recipient
    prize_fen: int
    note: str
    created_at: str
    # Derived from the budget ledger (payouts net of their reversing entries), never stored.
    paid_fen: int = 0
    serial: str | None = None
    paid_on: str | None = None  # date of the payout in force, if any
    reversals: int = 0  # payouts of this award reversed in the ledger

    @property
    def name(self) -> str:
        return self.recipient.name

    @property
    def paid(self) -> bool:
        return self.paid_fen > 0


@dataclass(frozen=True)
class Band:
    """Ranks ``rank_from``..``rank_to`` (inclusive; ``None`` = no upper end) get ``tier_id``;
    or, when ``min_score`` is set, scores at or above it (exam thresholds)."""

    tier_id: str
    rank_from: int | None = None
    rank_to: int | None = None
    min_score: float | None = None

    def matches(self, candidate: Recipient) -> bool:
        if self.min_score is not None:
            return candidate.score is not None and candidate.score >= self.min_score
        if candidate.rank is None or self.rank_from is None:
            return False
        return candidate.rank >= self.rank_from and (
            self.rank_to is None or candidate.rank <= self.rank_to
        )


@dataclass(frozen=True)
class Proposal:
    recipient: Recipient
    tier: Tier
    source: str
    source_ref: str | None
    duplicate: bool = False


SOURCES = ("final", "exam", "manual", "volunteer")


# -- settings ---------------------------------------------------------------------------------
def setting(db: Database, key: str, default: str = "") -> str:
    row = db.execute("SELECT value FROM awards_settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_setting(db: Database, key: str, value: str) -> None:
    with db.atomic():
        db.execute(
            "INSERT INTO awards_settings (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )


def event_name(db: Database) -> str:
    """What the competition's certificates say the prize was won in (一等奖 in …)."""
    return setting(db, "event_name")


VOLUNTEER_LAYOUT = "volunteer"


def volunteer_event_name(db: Database) -> str:
    """What volunteers' certificates say they served in (自愿参加…): the outreach programme,
    not the competition; the competition's name while none is set."""
    return setting(db, "volunteer_event_name") or event_name(db)


def is_volunteer_award(source: str, tier: Tier) -> bool:
    """An award for volunteering: granted from the volunteers' hours, or in a tier that prints
    the volunteer certificate (优秀志愿者 typed in by hand)."""
    return source == "volunteer" or tier.layout_id == VOLUNTEER_LAYOUT


def rename_event(db: Database, volunteer: bool, text: str) -> int:
    """Set the competition's name (or, with ``volunteer``, the outreach programme's wording on
    volunteers' certificates), in one transaction with the awards of that kind not printed
    yet that carry the old name: the next certificates say what the field says. A printed
    award keeps its name (its certificate says it). Returns how many awards followed."""
    text = text.strip()
    if not text:
        raise AwardsError(msg("awards.error.no_event"))
    old = volunteer_event_name(db) if volunteer else event_name(db)
    tiers = {t.id: t for t in list_tiers(db)}
    moved = [
        a.id
        for a in list_awards(db)
        if a.event_name == old
        and not a.serial
        and is_volunteer_award(a.source, tiers[a.tier_id]) == volunteer
    ]
    with db.atomic():
        set_setting(db, "volunteer_event_name" if volunteer else "event_name", text)
        db.conn.executemany(
            "UPDATE awards SET event_name = ? WHERE id = ?", [(text, a) for a in moved]
        )
    return len(moved)


def award_event(db: Database, source: str, tier: Tier) -> str:
    """The event an award of ``tier`` from ``source`` is for (kept with the award)."""
    return volunteer_event_name(db) if is_volunteer_award(source, tier) else event_name(db)


def organiser(db: Database) -> str:
    row = db.execute("SELECT value FROM programme_info WHERE key = 'organiser'").fetchone()
    return (row[0] if row else "") or setting(db, "organiser")


# -- tiers ------------------------------------------------------------------------------------
def list_tiers(db: Database) -> list[Tier]:
    rows = db.execute(
        "SELECT id, name, sort_order, prize_fen, layout_id FROM award_tiers ORDER BY sort_order"
    ).fetchall()
    return [Tier(*row) for row in rows]


def tier_by_name(db: Database, name: str) -> Tier | None:
    return next((t for t in list_tiers(db) if t.name == name), None)


def get_tier(db: Database, tier_id: str) -> Tier:
    tier = next((t for t in list_tiers(db) if t.id == tier_id), None)
    if tier is None:
        raise AwardsError(msg("awards.error.no_tier", tier=tier_id))
    return tier


def add_tier(db: Database, name: str, prize_fen: int, layout_id: str = "honour") -> Tier:
    name = name.strip()
    if not name:
        raise AwardsError(msg("awards.error.tier_name"))
    if prize_fen < 0:
        raise AwardsError(msg("awards.error.prize_negative"))
    if tier_by_name(db, name):
        raise AwardsError(msg("awards.error.tier_exists", tier=name))
    order = (db.execute("SELECT max(sort_order) FROM award_tiers").fetchone()[0] or 0) + 1
    tier = Tier(new_id(), name, order, prize_fen, layout_id)
    with db.atomic():
        db["award_tiers"].insert({**tier.__dict__, "created_at": now_iso()})
    return tier


def update_tier(
    db: Database,
    tier_id: str,
    *,
    name: str | None = None,
    prize_fen: int | None = None,
    layout_id: str | None = None,
) -> Tier:
    tier = get_tier(db, tier_id)
    if name is not None:
        name = name.strip()
        if not name:
            raise AwardsError(msg("awards.error.tier_name"))
        other = tier_by_name(db, name)
        if other and other.id != tier_id:
            raise AwardsError(msg("awards.error.tier_exists", tier=name))
    if prize_fen is not None and prize_fen < 0:
        raise AwardsError(msg("awards.error.prize_negative"))
    changed = replace(
        tier,
        name=tier.name if name is None else name,
        prize_fen=tier.prize_fen if prize_fen is None else prize_fen,
        layout_id=tier.layout_id if layout_id is None else layout_id,
    )
    with db.atomic():
        db["award_tiers"].update(
            tier_id,
            {"name": changed.name, "prize_fen": changed.prize_fen, "layout_id": changed.layout_id},
        )
    return changed


def delete_tier(db: Database, tier_id: str) -> Tier:
    tier = get_tier(db, tier_id)
    used = db.execute("SELECT count(*) FROM awards WHERE tier_id = ?", [tier_id]).fetchone()[0]
    if used:
        raise AwardsError(msg("awards.error.tier_in_use", tier=tier.name, count=used))
    with db.atomic():
        db["award_tiers"].delete(tier_id)
    return tier


# -- awards -----------------------------------------------------------------------------------
_AWARD_SQL = """
SELECT a.id, a.tier_id, t.name, t.sort_order, t.layout_id, a.event_name, a.source, a.source_ref,
       a.recipient_name, a.recipient_class, a.recipient_team, a.student_no, a.member_id,
       a.person_ref, a.team_id, a.hours, a.rank, a.prize_fen, a.note, a.created_at,
       coalesce((SELECT sum(e.amount_fen) FROM budget_expenses e
                 WHERE e.source IN ('award', 'awards') AND e.source_id = a.id), 0),
       (SELECT c.serial FROM certificates c WHERE c.award_id = a.id
        ORDER BY c.created_at DESC, c.number DESC LIMIT 1),
       (SELECT e.date FROM budget_expenses e
        WHERE e.source IN ('award', 'awards') AND e.source_id = a.id AND e.reverses IS NULL
          AND NOT EXISTS (SELECT 1 FROM budget_expenses r WHERE r.reverses = e.id)
        ORDER BY e.rowid DESC LIMIT 1),
       (SELECT count(*) FROM budget_expenses e
        WHERE e.source IN ('award', 'awards') AND e.source_id = a.id AND e.reverses IS NOT NULL)
FROM awards a JOIN award_tiers t ON t.id = a.tier_id
"""


def _award(row) -> Award:
    (
        award_id,
        tier_id,
        tier_name,
        tier_order,
        layout_id,
        event,
        source,
        source_ref,
        name,
        class_name,
        team,
        student_no,
        member_id,
        person_ref,
        team_id,
        hours,
        rank,
        prize_fen,
        note,
        created_at,
        paid_fen,
        serial,
        paid_on,
        reversals,
    ) = row
    recipient = Recipient(
        name, class_name, team, student_no, member_id, person_ref, team_id, hours, rank
    )
    return Award(
        award_id,
        tier_id,
        tier_name,
        tier_order,
        layout_id,
        event,
        source,
        source_ref,
        recipient,
        prize_fen,
        note,
        created_at,
        paid_fen,
        serial,
        paid_on,
        reversals,
    )


def list_awards(db: Database, award_ids: Iterable[str] | None = None) -> list[Award]:
    order = " ORDER BY t.sort_order, a.rank IS NULL, a.rank, a.recipient_team, a.recipient_name"
    if award_ids is None:
        rows = db.execute(_AWARD_SQL + order).fetchall()
    else:
        ids = list(award_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = db.execute(_AWARD_SQL + f" WHERE a.id IN ({marks})" + order, ids).fetchall()
    return [_award(row) for row in rows]


def get_award(db: Database, award_id: str) -> Award:
    found = list_awards(db, [award_id])
    if not found:
        raise AwardsError(msg("awards.error.no_award", award=award_id))
    return found[0]


def _existing_keys(db: Database) -> set[tuple[str, str, str]]:
    """(event, person, tier) of every award: a person holds a tier once per event."""
    return {(a.event_name, a.recipient.key, a.tier_id) for a in list_awards(db)}


def propose(
    db: Database,
    candidates: Sequence[Recipient],
    bands: Sequence[Band],
    source: str,
    source_ref: str | None = None,
    event: str | None = None,
) -> list[Proposal]:
    """Each candidate gets the first band that matches (bands are tried in order). Without
    ``event`` each award is for the event its tier and source call for (``award_event``)."""
    tiers = {t.id: t for t in list_tiers(db)}
    existing = _existing_keys(db)
    proposals = []
    for candidate in candidates:
        band = next((b for b in bands if b.matches(candidate)), None)
        if band is None:
            continue
        tier = tiers.get(band.tier_id)
        if tier is None:
            raise AwardsError(msg("awards.error.no_tier", tier=band.tier_id))
        for_event = (event or award_event(db, source, tier)).strip()
        duplicate = (for_event, candidate.key, tier.id) in existing
        proposals.append(Proposal(candidate, tier, source, source_ref, duplicate))
    return proposals


def grant(db: Database, proposals: Sequence[Proposal], event: str | None = None) -> list[Award]:
    """Write the proposals (duplicates skipped) in one transaction; returns the new awards.
    Without ``event`` each award is for the event its tier and source call for: volunteers'
    awards for the outreach programme, the others for the competition."""
    events = {"competition": event_name(db), "volunteer": volunteer_event_name(db)}
    existing = _existing_keys(db)
    now = now_iso()
    new_ids = []
    with db.atomic():
        for proposal in proposals:
            recipient = proposal.recipient
            if not recipient.name.strip():
                raise AwardsError(msg("awards.error.no_name"))
            volunteer = is_volunteer_award(proposal.source, proposal.tier)
            for_event = (event or events["volunteer" if volunteer else "competition"]).strip()
            if not for_event:
                raise AwardsError(msg("awards.error.no_event"))
            key = (for_event, recipient.key, proposal.tier.id)
            if key in existing:
                continue
            existing.add(key)
            award_id = new_id()
            db["awards"].insert(
                {
                    "id": award_id,
                    "tier_id": proposal.tier.id,
                    "event_name": for_event,
                    "source": proposal.source,
                    "source_ref": proposal.source_ref,
                    "member_id": recipient.member_id,
                    "person_ref": recipient.person_ref,
                    "team_id": recipient.team_id,
                    "recipient_name": recipient.name.strip(),
                    "recipient_class": recipient.class_name.strip(),
                    "recipient_team": recipient.team.strip(),
                    "student_no": recipient.student_no.strip(),
                    "hours": recipient.hours,
                    "rank": recipient.rank,
                    "prize_fen": proposal.tier.prize_fen,
                    "note": "",
                    "created_at": now,
                }
            )
            new_ids.append(award_id)
    return list_awards(db, new_ids)


MAX_CERTIFICATE_HOURS = 1000  # a certificate's total hours typed by hand: more than 0, at most this


def _prints_hours(db: Database, layout_id: str) -> bool:
    from outreach.awards.certificate_batch import get_layout, layout_fields

    try:
        layout = get_layout(db, layout_id)
    except AwardsError:
        return False
    return "hours" in layout_fields(layout)


def add_manual_award(
    db: Database, tier_id: str, recipient: Recipient, event: str | None = None
) -> Award:
    """An award typed by hand. Hours, when given, are a certificate's total: more than 0 and at
    most ``MAX_CERTIFICATE_HOURS``; a tier whose certificate prints ``{hours}`` (the volunteer
    certificate) needs them, or it would print "served  hours"."""
    tier = get_tier(db, tier_id)
    if not recipient.name.strip():
        raise AwardsError(msg("awards.error.no_name"))
    hours = recipient.hours
    if hours is not None and (
        isinstance(hours, bool)
        or not isinstance(hours, int | float)
        or not 0 < hours <= MAX_CERTIFICATE_HOURS
    ):
        raise AwardsError(
            msg(
                "awards.error.bad_hours",
                what=msg("awards.column.hours"),
                name=recipient.name.strip(),
                hours=f"{hours:g}" if isinstance(hours, int | float) else hours,
                most=MAX_CERTIFICATE_HOURS,
            )
        )
    if hours is None and _prints_hours(db, tier.layout_id):
        raise AwardsError(
            msg(
                "awards.error.hours_needed",
                what=msg("awards.column.hours"),
                name=recipient.name.strip(),
                tier=tier.name,
                most=MAX_CERTIFICATE_HOURS,
            )
        )
    granted = grant(db, [Proposal(recipient, tier, "manual", None)], event)
    if not granted:
        raise AwardsError(msg("awards.error.duplicate", name=recipient.name, tier=tier.name))
    return granted[0]


def update_recipient(db: Database, award_id: str, recipient: Recipient) -> Award:
    """Correct a typo in a snapshot (a printed certificate keeps its register entry)."""
    get_award(db, award_id)
    if not recipient.name.strip():
        raise AwardsError(msg("awards.error.no_name"))
    with db.atomic():
        db["awards"].update(
            award_id,
            {
                "recipient_name": recipient.name.strip(),
                "recipient_class": recipient.class_name.strip(),
                "recipient_team": recipient.team.strip(),
            },
        )
    return get_award(db, award_id)


def delete_award(db: Database, award_id: str) -> Award:
    award = get_award(db, award_id)
    if award.serial:
        raise AwardsError(msg("awards.error.has_certificate", name=award.name, serial=award.serial))
    if award.paid:
        raise AwardsError(msg("awards.error.paid", name=award.name))
    if db.execute("SELECT 1 FROM award_payouts WHERE award_id = ?", [award_id]).fetchone():
        # paid once and reversed: the payout history stays with its award
        raise AwardsError(msg("awards.error.payout_history", name=award.name))
    with db.atomic():
        db["awards"].delete(award_id)
    return award


# -- candidates from the other concepts --------------------------------------------------------
def _optional(module: str):
    """Another concept's module, or None while that concept has not landed."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def _has_tables(db: Database, *tables: str) -> bool:
    names = set(db.table_names())
    return all(t in names for t in tables)


def available_sources(db: Database) -> dict[str, bool]:
    return {
        "final": _optional("outreach.final.standings") is not None
        and _optional("outreach.competition.roster") is not None,
        "exam": _optional("outreach.exam.results") is not None,
        "volunteer": _optional("outreach.events.volunteers") is not None,
        "manual": True,
    }


def list_finals(db: Database) -> list[tuple[str, str]]:
    """(id, name) of the finals, or [] while finals do not exist."""
    module = _optional("outreach.final.standings")
    if module is None:
        return []
    return [(_attr(f, "id"), _attr(f, "name", "")) for f in module.list_finals(db)]


def list_exams(db: Database) -> list[tuple[str, str]]:
    module = _optional("outreach.exam.results")
    if module is None:
        return []
    return [(_attr(e, "id"), _attr(e, "name", "")) for e in module.list_exams(db)]


def _attr(obj, name: str, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def final_candidates(db: Database, final_id: str) -> list[Recipient]:
    """Every member of every ranked team of the final, carrying the team's rank."""
    standings = _optional("outreach.final.standings")
    roster = _optional("outreach.competition.roster")
    if standings is None or roster is None:
        raise AwardsError(msg("awards.error.source_missing", source="final"))
    candidates = []
    for standing in standings.final_standings(db, final_id):
        team_id = _attr(standing, "team_id")
        team_name = _attr(standing, "team_name", "")
        for member in roster.list_members(db, team_id):
            candidates.append(
                Recipient(
                    name=member.name,
                    class_name=member.class_name or "",
                    team=team_name,
                    student_no=member.student_no or "",
                    member_id=member.id,
                    team_id=team_id,
                    rank=_attr(standing, "rank"),
                )
            )
    return candidates


def exam_candidates(db: Database, exam_id: str) -> list[Recipient]:
    results = _optional("outreach.exam.results")
    if results is None:
        raise AwardsError(msg("awards.error.source_missing", source="exam"))
    return [
        Recipient(
            name=r.name,
            class_name=_attr(r, "class_name", "") or "",
            team=_attr(r, "team_name", "") or "",
            member_id=_attr(r, "member_id"),
            team_id=_attr(r, "team_id"),
            rank=_attr(r, "rank"),
            score=_attr(r, "score"),
        )
        for r in results.person_results(db, exam_id)
    ]


def volunteer_candidates(db: Database, min_hours: float = 0) -> list[Recipient]:
    volunteers = _optional("outreach.events.volunteers")
    if volunteers is None:
        raise AwardsError(msg("awards.error.source_missing", source="volunteer"))
    ranked = sorted(volunteers.volunteer_hours(db), key=lambda v: -float(v.hours or 0))
    candidates = []
    for position, v in enumerate(ranked, start=1):
        hours = float(v.hours or 0)
        if hours < min_hours or hours <= 0:
            continue
        class_name = team = student_no = ""
        member_id = _attr(v, "member_id")
        if member_id and _has_tables(db, "members"):
            row = db.execute(
                "SELECT class_name, student_no FROM members WHERE id = ?", [member_id]
            ).fetchone()
            if row:
                class_name, student_no = row[0] or "", row[1] or ""
        candidates.append(
            Recipient(
                name=v.name,
                class_name=class_name,
                team=team,
                student_no=student_no,
                member_id=member_id,
                person_ref=_attr(v, "person_id"),
                hours=round(hours, 1),
                rank=position,
            )
        )
    return candidates


# Neither the design nor the seed plan counts the prizes (it gives every winner 80 yuan and a
# certificate), so 优秀奖 is bounded: ranks 7–12. Open-ended (7+) it gave the prize money to
# every person ranked below 6th in an exam (all 40 of the demo's exam takers got an award).
DEFAULT_FINAL_BANDS = ((1, 1, "一等奖"), (2, 3, "二等奖"), (4, 6, "三等奖"), (7, 12, "优秀奖"))


def default_final_bands(db: Database) -> list[Band]:
    """1 → 一等奖, 2–3 → 二等奖, 4–6 → 三等奖, 7–12 → 优秀奖 (tiers that still exist)."""
    bands = []
    for low, high, name in DEFAULT_FINAL_BANDS:
        tier = tier_by_name(db, name)
        if tier:
            bands.append(Band(tier.id, low, high))
    return bands
