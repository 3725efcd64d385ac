"""Partners of the outreach: communities and street offices (社区街道), insurance companies and
the school news office (新闻部), with a contact person, phone and notes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.i18n import msg
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

KINDS = ("community", "street_office", "insurer", "news_office", "other")
# Kinds that can host an event (the "designated communities" of the monthly series).
HOST_KINDS = ("community", "street_office")


@dataclass(frozen=True)
class Partner:
    id: str
    kind: str
    name: str
    contact_name: str = ""
    phone: str = ""
    address: str = ""
    notes: str = ""


_COLUMNS = "id, kind, name, contact_name, phone, address, notes"


def list_partners(db: Database, kinds: tuple[str, ...] | None = None) -> list[Partner]:
    rows = db.execute(f"SELECT {_COLUMNS} FROM partners").fetchall()
    partners = [Partner(*row) for row in rows if kinds is None or row[1] in kinds]
    return sorted(partners, key=lambda p: (KINDS.index(p.kind), p.name))


def get_partner(db: Database, partner_id: str) -> Partner | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM partners WHERE id = ?", [partner_id]).fetchone()
    return Partner(*row) if row else None


def _validate(partner: Partner) -> None:
    from outreach.events.schedule import EventError

    problems = []
    if partner.kind not in KINDS:
        problems.append(msg("events.error.bad_partner_kind", kind=partner.kind))
    if not partner.name.strip():
        problems.append(msg("events.error.partner_name_missing"))
    if problems:
        raise EventError(problems)


def save_partner(db: Database, partner: Partner) -> Partner:
    """Insert (empty id) or update a partner; returns it as stored."""
    _validate(partner)
    values = [
        partner.kind,
        partner.name.strip(),
        partner.contact_name.strip(),
        partner.phone.strip(),
        partner.address.strip(),
        partner.notes.strip(),
    ]
    with db.atomic():
        if partner.id:
            db.execute(
                "UPDATE partners SET kind=?, name=?, contact_name=?, phone=?, address=?, "
                "notes=? WHERE id=?",
                [*values, partner.id],
            )
            partner_id = partner.id
        else:
            partner_id = new_id()
            db.execute(
                "INSERT INTO partners (kind, name, contact_name, phone, address, notes, id, "
                "created_at) VALUES (?,?,?,?,?,?,?,?)",
                [*values, partner_id, now_iso()],
            )
    return get_partner(db, partner_id)


def remove_partner(db: Database, partner_id: str) -> None:
    """A partner that events refer to cannot be removed (their history would lose it)."""
    from outreach.events.schedule import EventError

    used = db.execute(
        "SELECT (SELECT count(*) FROM events WHERE community_id = ?) "
        "+ (SELECT count(*) FROM event_partners WHERE partner_id = ?)",
        [partner_id, partner_id],
    ).fetchone()[0]
    if used:
        raise EventError([msg("events.error.partner_in_use", count=used)])
    with db.atomic():
        db.execute("DELETE FROM partners WHERE id = ?", [partner_id])
