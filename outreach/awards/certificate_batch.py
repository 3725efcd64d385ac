"""Printing certificates for awards: the layouts a programme uses, the font check before every
batch, and the batch itself (register + one PDF, optionally one PDF per person).

The register entries and the PDF succeed or fail together: the batch runs inside one
transaction and writes its files only when every page is drawn; a cancelled or failed batch
leaves neither register entries nor files behind.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.awards.awards import Award, AwardsError, list_awards, organiser, setting
from outreach.awards.register import (
    Certificate,
    IssuedCertificate,
    format_serial,
    issue_for_print,
    next_number,
    qr_payload,
)
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, Message, msg, tr_in
from outreach.printing.certificates import (
    LAYOUTS_DIR,
    CertificatePage,
    ImageFileError,
    Layout,
    LayoutError,
    RenderFonts,
    RenderResult,
    builtin_layouts,
    is_stored,
    layout_to_json,
    page_texts,
    parse_layout_text,
    render_certificates,
    with_stored_images,
)
from outreach.printing.font_doctor import (
    ChosenFont,
    MissingCharacter,
    choose_font,
    missing_characters,
)
from outreach.progress import NO_PROGRESS, Progress
from outreach.storage.database import now_iso

if TYPE_CHECKING:
    from sqlite_utils import Database


class MissingGlyphsError(AwardsError):
    """The chosen font cannot print some characters; nothing was printed or registered."""

    def __init__(self, font: ChosenFont, missing: list[MissingCharacter]) -> None:
        super().__init__(msg("awards.error.missing_glyphs", font=font.label, count=len(missing)))
        self.font = font
        self.missing = missing

    def lines(self) -> list[Message]:
        return [self.message] + [m.describe() for m in self.missing]


# -- layouts -----------------------------------------------------------------------------------
def stored_images(db: Database) -> dict[str, bytes]:
    """The pictures kept in the programme (logos, seals chosen in the designer) by reference."""
    return {
        ref: bytes(data)
        for ref, data in db.execute("SELECT id, data FROM certificate_images").fetchall()
    }


def list_layouts(db: Database) -> list[Layout]:
    """Built-in layouts, each replaced by the programme's saved version when there is one,
    plus layouts created in the designer."""
    saved = {}
    images = stored_images(db)
    for layout_id, text in db.execute("SELECT id, json FROM certificate_layouts").fetchall():
        try:
            saved[layout_id] = parse_layout_text(text, layout_id, images=images)
        except LayoutError:
            continue  # an unreadable saved copy falls back to the built-in design
    layouts = []
    for builtin in builtin_layouts():
        layouts.append(saved.pop(builtin.id, builtin))
    layouts += sorted(saved.values(), key=lambda layout: layout.id)
    return layouts


def get_layout(db: Database, layout_id: str) -> Layout:
    for layout in list_layouts(db):
        if layout.id == layout_id:
            return layout
    raise AwardsError(msg("awards.error.no_layout", layout=layout_id))


def builtin_layout(layout_id: str) -> Layout | None:
    return next((layout for layout in builtin_layouts() if layout.id == layout_id), None)


def is_customised(db: Database, layout_id: str) -> bool:
    return bool(
        db.execute("SELECT 1 FROM certificate_layouts WHERE id = ?", [layout_id]).fetchone()
    )


def save_layout(db: Database, layout: Layout) -> Layout:
    """Validate (through the same parser as files) and keep the layout in the programme, with
    the pictures it uses, in one transaction. A layout saved exactly as its built-in design
    is no saved copy at all (it follows the program's design again)."""
    images = {**stored_images(db), **layout.stored_images}
    checked = parse_layout_text(layout_to_json(layout), layout.id, images=images)
    # Pictures named by a path on this laptop (layouts imported before pictures were kept in
    # the programme) are read in now, so the saved layout prints on any laptop.
    try:
        portable = with_stored_images(checked, LAYOUTS_DIR)
    except ImageFileError as error:
        raise LayoutError(layout.id, [error.message]) from error
    text = layout_to_json(portable)
    checked = parse_layout_text(text, layout.id, images={**images, **portable.stored_images})
    builtin = builtin_layout(layout.id)
    with db.atomic():
        if builtin is not None and layout_to_json(builtin) == text:
            db.execute("DELETE FROM certificate_layouts WHERE id = ?", [layout.id])
            _forget_unused_images(db)
            return checked
        for ref, data in checked.stored_images.items():
            # Content-addressed: the same picture has the same id in every file (merges).
            db.execute(
                """INSERT OR IGNORE INTO certificate_images (id, data, created_at)
                   VALUES (?, ?, ?)""",
                [ref, data, now_iso()],
            )
        db["certificate_layouts"].upsert(
            {"id": layout.id, "json": text, "updated_at": now_iso()}, pk="id"
        )
        _forget_unused_images(db)
    return checked


def _forget_unused_images(db: Database) -> None:
    """Pictures no saved layout uses any more (a replaced logo) leave the file."""
    used: set[str] = set()
    for (text,) in db.execute("SELECT json FROM certificate_layouts").fetchall():
        used.update(_stored_refs(text))
    for (ref,) in db.execute("SELECT id FROM certificate_images").fetchall():
        if ref not in used:
            db.execute("DELETE FROM certificate_images WHERE id = ?", [ref])


def missing_images(db: Database) -> list[tuple[str, str]]:
    """(layout id, picture reference) for each stored picture a saved layout names but the
    programme file does not hold (for ``check``)."""
    held = {row[0] for row in db.execute("SELECT id FROM certificate_images").fetchall()}
    missing = []
    for layout_id, text in db.execute(
        "SELECT id, json FROM certificate_layouts ORDER BY id"
    ).fetchall():
        missing += [(layout_id, ref) for ref in sorted(_stored_refs(text)) if ref not in held]
    return missing


def _stored_refs(text: str) -> set[str]:
    import json

    try:
        data = json.loads(text)
    except ValueError:
        return set()
    background = data.get("background") if isinstance(data, dict) else None
    names = [background.get("image")] if isinstance(background, dict) else []
    elements = data.get("elements") if isinstance(data, dict) else None
    names += [e.get("image") for e in elements or [] if isinstance(e, dict)]
    return {n for n in names if isinstance(n, str) and is_stored(n)}


# -- page values -------------------------------------------------------------------------------
def format_date(day: dt.date, language: str = DEFAULT_PRINT_LANGUAGE) -> str:
    if language == "zh_CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _hours(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def page_for(
    award: Award,
    certificate: Certificate | None,
    *,
    kind: str = "original",
    organiser_name: str = "",
    language: str = DEFAULT_PRINT_LANGUAGE,
    serial: str = "",
    code: str = "",
    issued_on: dt.date | None = None,
) -> CertificatePage:
    if certificate is not None:
        serial, code = certificate.serial, certificate.verify_code
        issued_on = dt.date.fromisoformat(certificate.issued_on)
    issued_on = issued_on or dt.date.today()
    values = {
        "name": award.name,
        "class": award.recipient.class_name,
        "team": award.recipient.team,
        "award": award.tier_name,
        "event": award.event_name,
        "date": format_date(issued_on, language),
        "serial": serial,
        "code": code,
        "hours": _hours(award.recipient.hours),
        "reissue": tr_in(language, "awards.reissue_mark") if kind == "reissue" else "",
        "organiser": organiser_name,
    }
    stem = f"{serial}_{award.name}" if serial else award.name
    return CertificatePage(values, qr_payload(serial, code) if serial else "", stem)


def layout_fields(layout: Layout) -> set[str]:
    """The fields (``{name}``, ``{hours}``…) a layout's texts print."""
    from outreach.printing.certificates import template_fields

    return {name for element in layout.texts() for name in template_fields(element.text)}


def preview_page(
    db: Database, award: Award | None, layout: Layout, language: str = DEFAULT_PRINT_LANGUAGE
) -> CertificatePage:
    """The page the designer shows: the award's real certificate when it has one, otherwise
    the serial it would get next; a sample recipient when no award is chosen."""
    from outreach.awards.register import certificate_for_award, verification_code, verify_secret

    if award is None:
        from outreach.awards.awards import (
            Recipient,
            award_event,
            event_name,
            list_tiers,
            volunteer_event_name,
        )

        tier = next((t for t in list_tiers(db) if t.layout_id == layout.id), None)
        if tier is not None:
            event = award_event(db, "manual", tier)
        else:
            event = volunteer_event_name(db) if "hours" in layout_fields(layout) else event_name(db)
        award = Award(
            "",
            "",
            tier.name if tier else tr_in(language, "awards.sample.award"),
            0,
            layout.id,
            event,
            "manual",
            None,
            Recipient(
                tr_in(language, "awards.sample.name"),
                tr_in(language, "awards.sample.class"),
                tr_in(language, "awards.sample.team"),
                hours=12.5,
            ),
            0,
            "",
            "",
        )
    certificate = certificate_for_award(db, award.id, layout.id) if award.id else None
    if certificate is not None:
        return page_for(award, certificate, organiser_name=organiser(db), language=language)
    today = dt.date.today()
    serial = format_serial(
        today.year, layout.serial_prefix, next_number(db, today.year, layout.serial_prefix)
    )
    code = verification_code(verify_secret(db), serial)
    return page_for(
        award, None, organiser_name=organiser(db), language=language, serial=serial, code=code
    )


# -- the font doctor before a batch ------------------------------------------------------------
def font_check(
    db: Database,
    awards: Sequence[Award],
    layout: Layout,
    font: ChosenFont,
    language: str = DEFAULT_PRINT_LANGUAGE,
) -> list[MissingCharacter]:
    """Every character of every string the batch would print that ``font`` cannot draw."""
    today = dt.date.today()
    pages = [
        page_for(
            award,
            None,
            kind="reissue",
            organiser_name=organiser(db),
            language=language,
            serial=format_serial(today.year, layout.serial_prefix, 1),
            code="ABCDEF",
        )
        for award in awards
    ]
    texts = page_texts(layout, pages)
    missing = missing_characters(font.regular, texts)
    if font.bold != font.regular:
        bold_texts = page_texts(
            Layout(
                layout.id,
                layout.name,
                elements=tuple(e for e in layout.texts() if e.weight == "bold"),
            ),
            pages,
        )
        seen = {m.char for m in missing}
        missing += [m for m in missing_characters(font.bold, bold_texts) if m.char not in seen]
    return missing


def wording_language(layout: Layout) -> str:
    """The language a layout's own texts are written in: Chinese if any fixed text (fields
    aside) has a CJK character, else English. The date and the reissue mark follow it, so a
    Chinese certificate never carries an English date (or the other way round)."""
    for element in layout.elements:
        text = re.sub(r"\{[^}]*\}", "", getattr(element, "text", "") or "")
        if any("\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" for char in text):
            return "zh_CN"
    return "en"


# -- the batch ---------------------------------------------------------------------------------
@dataclass
class BatchRequest:
    layout_id: str | None  # None: each award's own layout (its tier's), in one PDF
    out: Path | None
    award_ids: Sequence[str] | None = None  # None: every award
    split_dir: Path | None = None
    font_key: str | None = None  # None: the programme's chosen font
    issued_on: dt.date = field(default_factory=dt.date.today)
    reissue: bool = False
    # The date's and reissue mark's language; None: the language the layout is worded in.
    language: str | None = None


@dataclass
class BatchResult:
    issued: list[IssuedCertificate]
    render: RenderResult

    @property
    def new_serials(self) -> list[str]:
        return [i.certificate.serial for i in self.issued if i.kind == "original"]


def _groups(
    db: Database, request: BatchRequest, awards: list[Award]
) -> list[tuple[Layout, list[Award]]]:
    """Awards by the layout they print with, in the order the awards come."""
    if request.layout_id:
        return [(get_layout(db, request.layout_id), awards)]
    grouped: dict[str, list[Award]] = {}
    for award in awards:
        grouped.setdefault(award.layout_id, []).append(award)
    if not grouped:
        return []
    # the layouts (and their pictures) read once, not once per layout the awards use
    layouts: dict[str, Layout] = {}
    for layout in list_layouts(db):
        layouts.setdefault(layout.id, layout)
    for key in grouped:
        if key not in layouts:
            raise AwardsError(msg("awards.error.no_layout", layout=key))
    return [(layouts[key], members) for key, members in grouped.items()]


def batch_font_check(
    db: Database, request: BatchRequest, font: ChosenFont | None = None
) -> list[MissingCharacter]:
    """What the batch's font cannot print, over every layout the batch uses."""
    awards = list_awards(db, request.award_ids)
    font = font or choose_font(request.font_key or setting(db, "font", "bundled"))
    merged: dict[str, MissingCharacter] = {}
    for layout, members in _groups(db, request, awards):
        language = request.language or wording_language(layout)
        for item in font_check(db, members, layout, font, language):
            known = merged.get(item.char)
            owners = item.owners if known is None else (*known.owners, *item.owners)
            merged[item.char] = MissingCharacter(item.char, tuple(dict.fromkeys(owners)))
    return sorted(merged.values(), key=lambda m: m.char)


def printed_before(db: Database, request: BatchRequest) -> list[Award]:
    """The batch's awards whose certificate (in the layout the batch prints it with) is in the
    register already: printing one again is a reprint or a 补发, never a first print."""
    awards = list_awards(db, request.award_ids)
    groups = _groups(db, request, awards)
    registered = set(db.execute("SELECT award_id, layout_id FROM certificates").fetchall())
    return [
        award
        for layout, members in groups
        for award in members
        if (award.id, layout.id) in registered
    ]


def print_certificates(
    db: Database, request: BatchRequest, progress: Progress = NO_PROGRESS
) -> BatchResult:
    if request.out is None and request.split_dir is None:
        raise AwardsError(msg("awards.error.no_output"))
    awards = list_awards(db, request.award_ids)
    if not awards:
        raise AwardsError(msg("awards.error.nothing_to_print"))
    groups = _groups(db, request, awards)
    font = choose_font(request.font_key or setting(db, "font", "bundled"))
    missing = batch_font_check(db, request, font)
    if missing:
        raise MissingGlyphsError(font, missing)
    organiser_name = organiser(db)
    temporary = None
    if request.out is not None:
        target = Path(request.out)
        temporary = target.with_name(f".{target.name}.batch")
    try:
        with db.atomic():
            issued: list[IssuedCertificate] = []
            pages: dict[str, CertificatePage] = {}
            for layout, members in groups:
                group = issue_for_print(
                    db,
                    [a.id for a in members],
                    layout.id,
                    layout.serial_prefix,
                    request.issued_on,
                    reissue=request.reissue,
                )
                issued += group
                for item in group:
                    page = page_for(
                        item.award,
                        item.certificate,
                        kind=item.kind,
                        organiser_name=organiser_name,
                        language=request.language or wording_language(layout),
                    )
                    pages[item.award.id] = replace(page, layout=layout)
            order = {award.id: n for n, award in enumerate(awards)}
            issued.sort(key=lambda item: order[item.award.id])
            first = groups[0][0]
            rendered = render_certificates(
                temporary,
                first,
                [pages[item.award.id] for item in issued],
                RenderFonts(font.regular, font.bold),
                split_dir=request.split_dir,
                title=first.title(request.language or DEFAULT_PRINT_LANGUAGE)
                if len(groups) == 1
                else tr_in(request.language or DEFAULT_PRINT_LANGUAGE, "awards.batch_title"),
                progress=progress,
            )
            if temporary is not None:
                os.replace(temporary, request.out)
                rendered.target = Path(request.out)
    finally:
        if temporary is not None and temporary.exists():
            temporary.unlink()
    return BatchResult(issued, rendered)
