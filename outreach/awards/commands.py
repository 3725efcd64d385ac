"""Command line for awards: ``fonts``, ``print certificates``, ``print prize-sheet``,
``export certificates``, ``export awards`` (with how each prize stands in the ledger),
``import layout`` (a certificate layout JSON with its pictures) and ``verify``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from outreach.awards.awards import AwardsError, list_awards, list_tiers, setting
from outreach.cli import EXIT_DATA, EXIT_OK, EXIT_USAGE, CliContext, CliFailure
from outreach.i18n import tr
from outreach.printing.certificates import LayoutError

if TYPE_CHECKING:
    from outreach.awards.certificate_batch import BatchRequest


def register_commands(registry) -> None:
    from outreach.awards.payouts import export_awards
    from outreach.awards.register import export_certificates

    registry.command("fonts", tr("awards.cli.fonts.help"), _run_fonts, _configure_fonts)
    registry.command("verify", tr("awards.cli.verify.help"), _run_verify, _configure_verify)
    certificates = registry.printer(
        "certificates", tr("awards.cli.print.help"), _run_print, _configure_print
    )
    # Without --lang a certificate's date follows its layout's wording (see wording_language).
    certificates.set_defaults(language=None)
    registry.printer(
        "prize-sheet",
        tr("awards.cli.signoff.help"),
        _run_signoff,
        lambda p: p.add_argument("--out", metavar="FILE", required=True),
    )
    registry.exporter("certificates", export_certificates)
    registry.exporter("awards", export_awards)
    registry.importer(
        "layout", tr("certificates.cli.import_help"), _run_import_layout, _configure_import_layout
    )


def _configure_import_layout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=tr("certificates.cli.import_file_help"))
    parser.add_argument("--dry-run", action="store_true", help=tr("certificates.cli.dry_run_help"))


def _run_import_layout(args: argparse.Namespace, ctx: CliContext) -> int:
    """A layout file (and the pictures beside it, copied into the programme), all or nothing;
    each problem names the file and the element."""
    from outreach.awards.certificate_batch import save_layout
    from outreach.printing.certificates import (
        ImageFileError,
        load_layout_file,
        with_stored_images,
    )

    path = Path(args.file)
    programme = ctx.programme(create=True)
    try:
        layout = with_stored_images(load_layout_file(path), path.parent)
        if not args.dry_run:
            layout = save_layout(programme.db, layout)
    except LayoutError as error:
        for line in error.render().splitlines():
            ctx.problem(line)
        return EXIT_DATA
    except ImageFileError as error:
        ctx.problem(f"{path.name}: {error.message}")
        return EXIT_DATA
    key = "certificates.cli.import_checked" if args.dry_run else "certificates.cli.imported"
    ctx.say(tr(key, layout=layout.title(), id=layout.id, count=len(layout.elements)))
    return EXIT_OK


def _configure_fonts(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--check-names", action="store_true", help=tr("awards.cli.fonts.check"))
    parser.add_argument("--font", metavar="KEY", help=tr("awards.cli.font_help"))
    parser.add_argument("--layout", metavar="ID", help=tr("awards.cli.layout_help"))


def _run_fonts(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.awards.certificate_batch import BatchRequest, batch_font_check
    from outreach.printing.font_doctor import FontFileError, choose_font, list_fonts

    for candidate in list_fonts():
        if candidate.usable:
            ctx.say(tr("awards.cli.fonts.usable", key=candidate.key, label=candidate.label()))
        else:
            ctx.say(
                tr(
                    "awards.cli.fonts.refused",
                    key=candidate.key,
                    label=candidate.label(),
                    reason=str(candidate.reason),
                )
            )
    if not args.check_names:
        return EXIT_OK
    db = ctx.programme().db
    try:
        font = choose_font(args.font or setting(db, "font", "bundled"))
    except FontFileError as error:
        raise CliFailure([error.reason]) from error
    awards = list_awards(db)
    request = BatchRequest(args.layout, None)
    try:
        problems = [m.describe() for m in batch_font_check(db, request, font)]
    except AwardsError as error:
        raise CliFailure([error.message]) from error
    if problems:
        ctx.problem(tr("awards.cli.fonts.missing", font=font.label, count=len(problems)))
        for problem in problems:
            ctx.problem(f"  {problem}")
        return EXIT_DATA
    ctx.say(tr("awards.cli.fonts.all_covered", font=font.label, count=len(awards)))
    return EXIT_OK


def _configure_verify(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("text", metavar="SERIAL", nargs="+", help=tr("awards.cli.verify.arg"))


def _run_verify(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.awards.register import verify

    result = verify(ctx.programme().db, " ".join(args.text))
    line = verification_text(result)
    if result.valid:
        ctx.say(line)
        return EXIT_OK
    ctx.problem(line)
    return EXIT_DATA


def verification_text(result) -> str:
    if result.certificate is None:
        return tr(f"awards.verify.{result.status}", serial=result.serial)
    award = result.award
    return tr(
        f"awards.verify.{result.status}",
        serial=result.serial,
        name=result.certificate.recipient_name,
        award=result.certificate.award_name,
        event=award.event_name if award else "",
        date=result.certificate.issued_on,
        prints=result.certificate.prints,
    )


def _configure_print(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", help=tr("awards.cli.print.out"))
    parser.add_argument("--split", metavar="DIR", help=tr("awards.cli.print.split"))
    parser.add_argument("--layout", metavar="ID", help=tr("awards.cli.layout_help"))
    parser.add_argument("--tier", metavar="NAME", help=tr("awards.cli.print.tier"))
    parser.add_argument("--font", metavar="KEY", help=tr("awards.cli.font_help"))
    parser.add_argument("--date", metavar="YYYY-MM-DD", help=tr("awards.cli.print.date"))
    # A second run must not quietly print every certificate again: a certificate printed
    # before is printed only with --reprint (identical, like the Register tab's Reprint…) or
    # --reissue (补发, like its Reissue…); --new-only skips it.
    again = parser.add_mutually_exclusive_group()
    again.add_argument("--reprint", action="store_true", help=tr("awards.cli.print.reprint"))
    again.add_argument("--reissue", action="store_true", help=tr("awards.cli.print.reissue"))
    again.add_argument("--new-only", action="store_true", help=tr("awards.cli.print.new_only"))


def _run_print(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.awards.certificate_batch import (
        BatchRequest,
        MissingGlyphsError,
        print_certificates,
        printed_before,
    )
    from outreach.printing.font_doctor import FontFileError

    if not args.out and not args.split:
        ctx.problem(tr("awards.cli.print.need_out"))
        return EXIT_USAGE
    issued_on = dt.date.today()
    if args.date:
        try:
            issued_on = dt.date.fromisoformat(args.date)
        except ValueError as error:
            raise CliFailure([tr("awards.cli.bad_date", value=args.date)]) from error
    db = ctx.programme().db
    awards = list_awards(db)
    if args.tier:
        if args.tier not in {t.name for t in list_tiers(db)}:
            raise CliFailure([tr("awards.cli.print.unknown_tier", tier=args.tier)])
        awards = [a for a in awards if a.tier_name == args.tier]
    if not awards:
        raise CliFailure([tr("awards.error.nothing_to_print")])
    out = Path(args.out) if args.out else None
    request = BatchRequest(
        layout_id=args.layout,
        out=out,
        award_ids=[a.id for a in awards],
        split_dir=Path(args.split) if args.split else None,
        font_key=args.font,
        issued_on=issued_on,
        reissue=args.reissue,
        language=args.language,
    )
    try:
        printed = {a.id for a in printed_before(db, request)}
        if printed and not (args.reprint or args.reissue):
            _refuse_printed_before(args, request, printed)
        result = print_certificates(db, request)
    except MissingGlyphsError as error:
        raise CliFailure(error.lines()) from error
    except (AwardsError, FontFileError) as error:
        reason = getattr(error, "message", None) or getattr(error, "reason", None)
        raise CliFailure([reason]) from error
    except LayoutError as error:
        raise CliFailure([error.render()]) from error
    if printed and args.new_only:
        ctx.say(tr("awards.cli.print.skipped", count=len(printed)))
    if out is not None:
        ctx.say(tr("awards.cli.print.done", count=len(result.issued), file=str(out)))
    if args.split:
        ctx.say(
            tr("awards.cli.print.split_done", count=len(result.render.split_files), dir=args.split)
        )
    for line in overflow_lines(result.render.overflowing):
        ctx.problem(line)
    return EXIT_OK


def _refuse_printed_before(
    args: argparse.Namespace, request: BatchRequest, printed: set[str]
) -> None:
    """Without --reprint or --reissue nothing printed before prints again: --new-only leaves
    those out of the request, otherwise the run stops (exit 1) having changed nothing."""
    total, new = len(request.award_ids), [a for a in request.award_ids if a not in printed]
    if args.new_only:
        if not new:
            raise CliFailure([tr("awards.cli.print.nothing_new", count=total)])
        request.award_ids = new
        return
    if not new:
        raise CliFailure([tr("awards.cli.print.all_printed", count=total)])
    raise CliFailure(
        [tr("awards.cli.print.already_printed", count=len(printed), total=total, new=len(new))]
    )


def overflow_lines(overflowing: list[tuple[str, str]]) -> list[str]:
    """What to say about texts that ran past their box even at their smallest size."""
    if not overflowing:
        return []
    owners = list(dict.fromkeys(owner for owner, _ in overflowing))
    elements = list(dict.fromkeys(element for _, element in overflowing))
    return [
        tr(
            "awards.print.overflowing",
            count=len(owners),
            owners=[*owners[:12], *(["…"] if len(owners) > 12 else [])],
            elements=elements,
        )
    ]


def _run_signoff(args: argparse.Namespace, ctx: CliContext) -> int:
    from outreach.awards.payouts import print_signoff_sheet, signoff_font_check

    db = ctx.programme().db
    try:
        print_signoff_sheet(db, args.out, language=args.language)
    except AwardsError as error:
        raise CliFailure([error.message]) from error
    missing = signoff_font_check(db)
    if missing:  # printed like the roster
        ctx.missing_characters(tr("awards.cli.signoff.missing_glyphs", count=len(missing)), missing)
    ctx.say(tr("awards.cli.signoff.done", file=args.out))
    return EXIT_OK
