"""The certificate register: serials (2026-QZ-0001), verification codes, prints and 补发.

Every certificate gets a serial the first time it is printed; printing it again records a
reprint (same serial), optionally marked 补发 (a replacement for a lost one), which the
certificate then shows. The QR code carries ``SERIAL CODE``; the code is an HMAC of the serial
with the programme's secret, so a forged serial cannot be verified. The register is append-only.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.awards.awards import Award, AwardsError, list_awards, setting
from outreach.i18n import current_language, msg, tr
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

KINDS = ("original", "reprint", "reissue")
SERIAL_PATTERN = re.compile(r"(\d{4})-([A-Z0-9]{1,6})-(\d{1,6})")
_CODE_ALPHABET = str.maketrans("01", "AB")  # base32 has no 0/1; keep codes unambiguous


@dataclass(frozen=True)
class Certificate:
    id: str
    serial: str
    award_id: str
    layout_id: str
    issued_on: str
    verify_code: str
    recipient_name: str
    award_name: str
    created_at: str
    prints: int = 0
    reissues: int = 0
    last_printed_at: str = ""
    last_kind: str = ""


@dataclass(frozen=True)
class IssuedCertificate:
    """A certificate about to be printed in a batch, with the kind of this print."""

    certificate: Certificate
    award: Award
    kind: str

    @property
    def reissue(self) -> bool:
        return self.kind == "reissue"


def verify_secret(db: Database) -> str:
    return setting(db, "verify_secret")


def verification_code(secret: str, serial: str) -> str:
    digest = hmac.new(secret.encode(), serial.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:6]


def qr_payload(serial: str, code: str) -> str:
    # Upper-case letters, digits, '-' and a space: QR alphanumeric mode, a small code.
    return f"{serial} {code}"


_CERT_SQL = """
SELECT c.id, c.serial, c.award_id, c.layout_id, c.issued_on, c.verify_code, c.recipient_name,
       c.award_name, c.created_at,
       (SELECT count(*) FROM certificate_prints p WHERE p.certificate_id = c.id),
       (SELECT count(*) FROM certificate_prints p WHERE p.certificate_id = c.id
            AND p.kind = 'reissue'),
       coalesce((SELECT max(p.printed_at) FROM certificate_prints p
            WHERE p.certificate_id = c.id), ''),
       coalesce((SELECT p.kind FROM certificate_prints p WHERE p.certificate_id = c.id
            ORDER BY p.printed_at DESC, p.rowid DESC LIMIT 1), '')
FROM certificates c
"""


def list_certificates(db: Database) -> list[Certificate]:
    rows = db.execute(_CERT_SQL + " ORDER BY c.year, c.prefix, c.number").fetchall()
    return [Certificate(*row) for row in rows]


def certificate_by_serial(db: Database, serial: str) -> Certificate | None:
    row = db.execute(_CERT_SQL + " WHERE c.serial = ?", [serial]).fetchone()
    return Certificate(*row) if row else None


def certificate_for_award(db: Database, award_id: str, layout_id: str) -> Certificate | None:
    row = db.execute(
        _CERT_SQL + " WHERE c.award_id = ? AND c.layout_id = ? ORDER BY c.number LIMIT 1",
        [award_id, layout_id],
    ).fetchone()
    return Certificate(*row) if row else None


def next_number(db: Database, year: int, prefix: str) -> int:
    row = db.execute(
        "SELECT max(number) FROM certificates WHERE year = ? AND prefix = ?", [year, prefix]
    ).fetchone()
    return (row[0] or 0) + 1


def format_serial(year: int, prefix: str, number: int) -> str:
    return f"{year}-{prefix}-{number:04d}"


def issue_for_print(
    db: Database,
    award_ids: Sequence[str],
    layout_id: str,
    serial_prefix: str,
    issued_on: dt.date,
    *,
    reissue: bool = False,
    note: str = "",
) -> list[IssuedCertificate]:
    """Register a print of each award's certificate: a new serial the first time, otherwise a
    reprint (``reissue`` marks it 补发). Call inside the batch's transaction, so a failed or
    cancelled batch leaves the register unchanged."""
    awards = list_awards(db, award_ids)
    if len(awards) != len(set(award_ids)):
        raise AwardsError(msg("awards.error.no_award", award=", ".join(award_ids)))
    secret = verify_secret(db)
    now = now_iso()
    issued = []
    for award in awards:
        existing = certificate_for_award(db, award.id, layout_id)
        if existing is None:
            number = next_number(db, issued_on.year, serial_prefix)
            serial = format_serial(issued_on.year, serial_prefix, number)
            certificate_id = new_id()
            db["certificates"].insert(
                {
                    "id": certificate_id,
                    "serial": serial,
                    "year": issued_on.year,
                    "prefix": serial_prefix,
                    "number": number,
                    "award_id": award.id,
                    "layout_id": layout_id,
                    "issued_on": issued_on.isoformat(),
                    "verify_code": verification_code(secret, serial),
                    "recipient_name": award.name,
                    "award_name": award.tier_name,
                    "created_at": now,
                }
            )
            kind = "original"
        else:
            certificate_id = existing.id
            kind = "reissue" if reissue else "reprint"
        db["certificate_prints"].insert(
            {
                "id": new_id(),
                "certificate_id": certificate_id,
                "kind": kind,
                "printed_at": now,
                "note": note,
            },
        )
        row = db.execute(_CERT_SQL + " WHERE c.id = ?", [certificate_id]).fetchone()
        issued.append(IssuedCertificate(Certificate(*row), award, kind))
    return issued


def print_history(db: Database, certificate_id: str) -> list[tuple[str, str, str]]:
    """(printed_at, kind, note) of every print of a certificate, oldest first."""
    return [
        tuple(row)
        for row in db.execute(
            "SELECT printed_at, kind, note FROM certificate_prints WHERE certificate_id = ? "
            "ORDER BY printed_at, rowid",
            [certificate_id],
        ).fetchall()
    ]


# -- verification ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Verification:
    status: str  # "valid", "wrong_code", "no_code", "unknown", "unreadable"
    serial: str = ""
    certificate: Certificate | None = None
    award: Award | None = None

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def parse_scan(text: str) -> tuple[str, str]:
    """The serial and code from what a person typed or a scanner sent ("2026-QZ-0001 K7QX2M",
    lower case, full-width characters, extra separators)."""
    import unicodedata

    normal = unicodedata.normalize("NFKC", text).upper().strip()
    match = SERIAL_PATTERN.search(normal)
    if not match:
        return "", ""
    serial = f"{match.group(1)}-{match.group(2)}-{int(match.group(3)):04d}"
    rest = normal[match.end() :]
    code_match = re.search(r"[A-Z2-7]{6}", rest)
    return serial, code_match.group(0) if code_match else ""


def verify(db: Database, text: str) -> Verification:
    serial, code = parse_scan(text)
    if not serial:
        return Verification("unreadable")
    certificate = certificate_by_serial(db, serial)
    if certificate is None:
        return Verification("unknown", serial)
    award = next(iter(list_awards(db, [certificate.award_id])), None)
    if not code:
        return Verification("no_code", serial, certificate, award)
    if not hmac.compare_digest(code, certificate.verify_code):
        return Verification("wrong_code", serial, certificate, award)
    return Verification("valid", serial, certificate, award)


# -- export ------------------------------------------------------------------------------------
# the register's columns, headed in the interface language like every other export (they were
# the raw keys serial, verify_code, last_printed_at…)
EXPORT_HEADER_KEYS = (
    "awards.column.serial",
    "awards.column.code",
    "awards.column.name",
    "awards.column.class",
    "awards.column.team",
    "awards.column.tier",
    "awards.column.event",
    "awards.column.layout",
    "awards.column.issued_on",
    "awards.column.prints",
    "awards.column.reissues",
    "awards.column.last_printed",
)


def export_rows(db: Database) -> list[list]:
    from outreach.awards.certificate_batch import list_layouts

    awards = {a.id: a for a in list_awards(db)}
    titles = {layout.id: layout.title(current_language()) for layout in list_layouts(db)}
    rows = []
    for c in list_certificates(db):
        award = awards.get(c.award_id)
        rows.append(
            [
                c.serial,
                c.verify_code,
                c.recipient_name,
                award.recipient.class_name if award else "",
                award.recipient.team if award else "",
                c.award_name,
                award.event_name if award else "",
                titles.get(c.layout_id, c.layout_id),
                c.issued_on,
                c.prints,
                c.reissues,
                c.last_printed_at,
            ]
        )
    return rows


def export_certificates(programme, path: Path) -> int:
    from outreach.spreadsheets import write_table

    rows = export_rows(programme.db)
    write_table(path, [tr(key) for key in EXPORT_HEADER_KEYS], rows)
    return len(rows)
