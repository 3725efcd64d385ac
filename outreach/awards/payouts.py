"""Prize money: payouts recorded in the budget ledger, and the printable sign-off sheet.

Each award carries its prize (a snapshot of the tier's amount, 80 yuan in the seed). Paying
records one expense per recipient in the budget ledger (category ``prizes``) and a payout row
linked to that ledger entry, all in one transaction. A payout is never edited: a mistake is
corrected in the ledger with a reversing entry.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from outreach.awards.awards import Award, AwardsError, list_awards
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, msg, tr_in
from outreach.storage.database import new_id, now_iso

PRIZE_CATEGORY = "prizes"


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


def print_signoff_sheet(
    db: Database,
    target: str | Path,
    award_ids: Sequence[str] | None = None,
    *,
    language: str = DEFAULT_PRINT_LANGUAGE,
    title: str | None = None,
) -> Path:
    """The prize sign-off sheet: No., name, class, award, amount and an empty signature column,
    with the total; awards with no prize money are left out."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    from outreach.awards.awards import event_name
    from outreach.printing.documents import build_pdf, styles

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
        ]
    )
    table = Table(
        rows,
        colWidths=[12 * mm, 36 * mm, 40 * mm, 18 * mm, 19 * mm, 28 * mm, 21 * mm],
        repeatRows=1,
        rowHeights=[None] + [11 * mm] * (len(rows) - 1),
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
        Spacer(0, 8 * mm),
        Paragraph(t("awards.signoff.footer"), s.body),
    ]
    return build_pdf(
        target, flowables, title=title, header=event_name(db), pagesize=A4, language=language
    )
