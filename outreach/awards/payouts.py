"""Prize money: payouts recorded in the budget ledger, and the printable sign-off sheet.

Each award carries its prize (a snapshot of the tier's amount, 80 yuan in the seed). Paying
records one expense per recipient in the budget ledger (category ``prizes``) and a payout row
linked to that ledger entry, all in one transaction. A payout is never edited: a mistake is
corrected in the ledger with a reversing entry — from the Budget page or here
(``reverse_payouts``) — and the ledger tells this module, in the same transaction, to append
the matching negative payout row. Whether an award is paid is read from the ledger itself
(``Award.paid_fen``), so a reversed award is unpaid and can be paid again; ``check_payouts``
names any award whose payout rows and ledger entries disagree.
"""

from __future__ import annotations

import datetime as dt
import importlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.awards.awards import Award, AwardsError, list_awards
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, Message, msg, tr_in
from outreach.storage.database import new_id, now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database

PRIZE_CATEGORY = "prizes"
# ``source`` of the ledger entries posted for awards (older files may say "awards").
LEDGER_SOURCES = ("award", "awards")
# A reversal's payout row takes an id derived from the reversing ledger entry: the same row
# whichever laptop (or migration) writes it, so merged files do not count a reversal twice.
REVERSAL_NAMESPACE = uuid.UUID("2b0f6c55-1f7e-5d53-8a4c-7d6a51c0e9b2")


@dataclass(frozen=True)
class Payout:
    id: str
    award_id: str
    amount_fen: int
    paid_on: str
    ledger_entry_id: str | None


def format_yuan(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}" if fen % 100 else f"{fen // 100}"


def list_payouts(db: Database) -> list[Payout]:
    return [
        Payout(*row)
        for row in db.execute(
            "SELECT id, award_id, amount_fen, paid_on, ledger_entry_id FROM award_payouts "
            "ORDER BY paid_on, created_at"
        ).fetchall()
    ]


def _ledger():
    try:
        return importlib.import_module("outreach.budget.ledger")
    except ImportError:
        return None


def ledger_available() -> bool:
    return _ledger() is not None and hasattr(_ledger(), "record_expense")


def unpaid(awards: Sequence[Award]) -> list[Award]:
    return [a for a in awards if a.prize_fen > 0 and not a.paid]


def pay_awards(
    db: Database, award_ids: Sequence[str], paid_on: dt.date, *, receipt_no: str = ""
) -> list[Payout]:
    """Record the prize of each unpaid award as paid: a budget-ledger expense per recipient
    and a payout linked to it. Awards already paid or without prize money are skipped."""
    ledger = _ledger()
    if ledger is None or not hasattr(ledger, "record_expense"):
        raise AwardsError(msg("awards.error.no_ledger"))
    to_pay = unpaid(list_awards(db, award_ids))
    payouts = []
    now = now_iso()
    with db.atomic():
        for award in to_pay:
            note = f"{award.event_name} {award.tier_name}"
            entry = ledger.record_expense(
                db,
                date=paid_on.isoformat(),
                amount_fen=award.prize_fen,
                category=PRIZE_CATEGORY,
                payee=award.name,
                receipt_no=receipt_no,
                note=note,
                source="award",
                source_id=award.id,
            )
            entry_id = entry.get("id") if isinstance(entry, dict) else getattr(entry, "id", None)
            payout = Payout(new_id(), award.id, award.prize_fen, paid_on.isoformat(), entry_id)
            db["award_payouts"].insert({**payout.__dict__, "created_at": now})
            payouts.append(payout)
    return payouts


# How a prize stands, in the window and exports (one line) and on the sign-off sheet.
STATE_KEYS = {
    "ui": ("awards.ui.paid_date", "awards.ui.unpaid_reversed", "awards.ui.unpaid"),
    "sheet": ("awards.signoff.paid", "awards.signoff.unpaid_reversed", "awards.signoff.unpaid"),
}


def payout_state(award: Award, t, where: str = "ui") -> str:
    """Paid (on a date), unpaid after a reversal, unpaid — read from the ledger — or "" for an
    award without prize money. ``t(key, **params)`` translates."""
    paid_key, reversed_key, unpaid_key = STATE_KEYS[where]
    if not award.prize_fen:
        return ""
    if award.paid:
        return t(paid_key, date=award.paid_on or "")
    return t(reversed_key if award.reversals else unpaid_key)


def export_awards(programme, path: Path) -> int:
    """``export awards FILE``: every award with its prize and how the payout stands in the
    ledger (paid amount, date, reversals)."""
    from outreach.budget.commands import yuan_value
    from outreach.i18n import tr
    from outreach.spreadsheets import write_table

    awards = list_awards(programme.db)
    headers = [
        tr(key)
        for key in (
            "awards.column.tier",
            "awards.column.name",
            "awards.column.class",
            "awards.column.team",
            "awards.column.rank",
            "awards.column.source",
            "awards.column.prize",
            "awards.column.paid_yuan",
            "awards.column.payout_state",
            "awards.column.paid_on",
            "awards.column.reversals",
            "awards.column.serial",
        )
    ]
    rows = [
        [
            a.tier_name,
            a.name,
            a.recipient.class_name,
            a.recipient.team,
            a.recipient.rank or "",
            tr(f"awards.source.{a.source}"),
            yuan_value(a.prize_fen),
            yuan_value(a.paid_fen),
            payout_state(a, tr),
            a.paid_on or "",
            a.reversals,
            a.serial or "",
        ]
        for a in awards
    ]
    write_table(path, headers, rows)
    return len(rows)


def _in_force_entries(db: Database, award_id: str) -> list:
    ledger = _ledger()
    if ledger is None or not hasattr(ledger, "find_by_source"):
        raise AwardsError(msg("awards.error.no_ledger"))
    return [e for source in LEDGER_SOURCES for e in ledger.find_by_source(db, source, award_id)]


def reverse_payouts(
    db: Database, award_ids: Sequence[str], reason: str, *, date: str | None = None
) -> list[Award]:
    """Reverse the payout in force of each award (one transaction): a reversing entry in the
    budget ledger and the negative payout row beside it. An award that is not paid (never, or
    already reversed) is refused with its name, and nothing is written."""
    ledger = _ledger()
    if ledger is None or not hasattr(ledger, "reverse_entry"):
        raise AwardsError(msg("awards.error.no_ledger"))
    awards = list_awards(db, award_ids)
    if not awards:
        raise AwardsError(msg("awards.error.nothing_to_reverse"))
    with db.atomic():
        for award in awards:
            entries = _in_force_entries(db, award.id)
            if not entries:
                raise AwardsError(msg("awards.error.not_paid", name=award.name))
            for entry in entries:
                ledger.reverse_entry(db, entry.id, reason, date=date)
    return list_awards(db, [a.id for a in awards])


def ledger_entry_reversed(db: Database, original, reversal) -> Payout | None:
    """Called by the budget ledger inside the transaction that reverses an award's payout:
    append the negative payout row so the payout record agrees with the ledger."""
    award_id = original.source_id
    if not award_id or not db.execute("SELECT 1 FROM awards WHERE id = ?", [award_id]).fetchone():
        return None
    payout = Payout(
        str(uuid.uuid5(REVERSAL_NAMESPACE, reversal.id)),
        award_id,
        reversal.amount_fen,
        reversal.date,
        reversal.id,
    )
    if db.execute("SELECT 1 FROM award_payouts WHERE id = ?", [payout.id]).fetchone():
        return None
    db["award_payouts"].insert({**payout.__dict__, "created_at": reversal.created_at})
    return payout


def check_payouts(db: Database) -> list[Message]:
    """Every award's payout rows agree with the budget ledger: the same net amount, each row
    pointing at a ledger entry of that award with its amount; the net is 0 or the prize."""
    problems: list[Message] = []
    names = dict(db.execute("SELECT id, recipient_name FROM awards").fetchall())
    prizes = dict(db.execute("SELECT id, prize_fen FROM awards").fetchall())
    marks = ",".join("?" * len(LEDGER_SOURCES))
    in_ledger = dict(
        db.execute(
            f"SELECT source_id, sum(amount_fen) FROM budget_expenses WHERE source IN ({marks}) "
            "GROUP BY source_id",
            list(LEDGER_SOURCES),
        ).fetchall()
    )
    in_register = dict(
        db.execute("SELECT award_id, sum(amount_fen) FROM award_payouts GROUP BY award_id")
    )
    for award_id in sorted(set(in_ledger) | set(in_register), key=str):
        name = names.get(award_id)
        ledger_fen, register_fen = in_ledger.get(award_id, 0), in_register.get(award_id, 0)
        if name is None:
            problems.append(msg("awards.check.payout_unknown_award", award=str(award_id)))
            continue
        if ledger_fen != register_fen:
            problems.append(
                msg(
                    "awards.check.payout_disagrees",
                    name=name,
                    register=format_yuan(register_fen),
                    ledger=format_yuan(ledger_fen),
                )
            )
        if ledger_fen not in (0, prizes[award_id]):
            problems.append(
                msg(
                    "awards.check.payout_mismatch",
                    name=name,
                    paid=format_yuan(ledger_fen),
                    prize=format_yuan(prizes[award_id]),
                )
            )
    for award_id, amount, entry_id, entry_amount, entry_award in db.execute(
        """SELECT p.award_id, p.amount_fen, p.ledger_entry_id, e.amount_fen, e.source_id
           FROM award_payouts p LEFT JOIN budget_expenses e ON e.id = p.ledger_entry_id
           ORDER BY p.paid_on, p.created_at"""
    ).fetchall():
        name = names.get(award_id, str(award_id))
        entry = str(entry_id or "—")[:8]
        if entry_amount is None:
            problems.append(msg("awards.check.payout_no_entry", name=name, entry=entry))
        elif entry_amount != amount or entry_award != award_id:
            problems.append(msg("awards.check.payout_wrong_entry", name=name, entry=entry))
    return problems


def signoff_font_check(db: Database, award_ids: Sequence[str] | None = None) -> list:
    """The characters of the sheet's names and classes that its font cannot draw (a box where a
    recipient signs for money): the font doctor's ``MissingCharacter`` list, owners the names.
    Asked before printing; the sheet printed them silently as boxes."""
    from outreach.printing.font_doctor import missing_characters
    from outreach.printing.fonts import register_bundled_fonts

    awards = [a for a in list_awards(db, award_ids) if a.prize_fen > 0]
    texts = [(a.name, " ".join((a.name, a.recipient.class_name, a.tier_name))) for a in awards]
    fonts = register_bundled_fonts()
    return missing_characters(fonts.regular, texts)


def print_signoff_sheet(
    db: Database,
    target: str | Path,
    award_ids: Sequence[str] | None = None,
    *,
    language: str = DEFAULT_PRINT_LANGUAGE,
    title: str | None = None,
) -> Path:
    """The prize sign-off sheet: No., name, class, award, amount, whether it is paid (from the
    ledger: a reversed payout shows as not paid) and an empty signature column, with the total
    and the paid/unpaid split; awards with no prize money are left out."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from outreach.awards.awards import event_name
    from outreach.printing.documents import build_pdf, fitted_row_heights, styles

    awards = [a for a in list_awards(db, award_ids) if a.prize_fen > 0]
    if not awards:
        raise AwardsError(msg("awards.error.no_prizes"))
    s = styles()
    t = lambda key, **p: tr_in(language, key, **p)  # noqa: E731
    title = title or t("awards.signoff.title")
    header = [
        t("awards.signoff.no"),
        t("awards.signoff.name"),
        t("awards.signoff.class"),
        t("awards.signoff.award"),
        t("awards.signoff.amount"),
        t("awards.signoff.status"),
        t("awards.signoff.signature"),
        t("awards.signoff.date"),
    ]
    rows = [[Paragraph(h, s.cell) for h in header]]
    total = 0
    for number, award in enumerate(awards, start=1):
        total += award.prize_fen
        rows.append(
            [
                str(number),
                Paragraph(award.name, s.cell),
                Paragraph(award.recipient.class_name, s.cell),
                Paragraph(award.tier_name, s.cell),
                format_yuan(award.prize_fen),
                Paragraph(payout_state(award, t, "sheet"), s.cell),
                "",
                "",
            ]
        )
    rows.append(
        [
            "",
            Paragraph(t("awards.signoff.total", count=len(awards)), s.cell),
            "",
            "",
            format_yuan(total),
            "",
            "",
            "",
        ]
    )
    paid = [a for a in awards if a.paid]
    widths = [10 * mm, 34 * mm, 29 * mm, 17 * mm, 19 * mm, 25 * mm, 25 * mm, 15 * mm]

    table = Table(
        rows,
        colWidths=widths,
        repeatRows=1,
        rowHeights=[None, *fitted_row_heights(rows[1:], widths, 11 * mm)],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("FONT", (0, 0), (-1, -1), s.cell.fontName, 10),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (4, 1), (4, -1), "RIGHT"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("SPAN", (1, -1), (3, -1)),
            ]
        )
    )
    flowables = [
        Paragraph(title, s.title),
        Paragraph(t("awards.signoff.intro", event=event_name(db)), s.body),
        Spacer(0, 4 * mm),
        table,
        Spacer(0, 3 * mm),
        Paragraph(
            t(
                "awards.signoff.paid_summary",
                paid_count=len(paid),
                paid=format_yuan(sum(a.paid_fen for a in paid)),
                unpaid_count=len(awards) - len(paid),
                unpaid=format_yuan(sum(a.prize_fen for a in awards if not a.paid)),
            ),
            s.body,
        ),
        Spacer(0, 6 * mm),
        Paragraph(t("awards.signoff.footer"), s.body),
    ]
    return build_pdf(
        target, flowables, title=title, header=event_name(db), pagesize=A4, language=language
    )
