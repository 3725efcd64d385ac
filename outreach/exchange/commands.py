"""The command-line side of exchange: ``bundle --out FILE`` and ``merge FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path

from outreach.exchange.bundle import BundleError, export_bundle, read_bundle
from outreach.exchange.labels import conflict_changes, conflict_row, table_label
from outreach.exchange.merge import Conflict, MergeRefused, MergeResult, merge_bundle
from outreach.i18n import tr


def describe_conflict(conflict: Conflict) -> str:
    """One conflict named as the merge dialog names it: table, row and fields in words."""
    return tr(
        "exchange.conflict.line",
        table=table_label(conflict.table),
        row=conflict_row(conflict),
        changes=conflict_changes(conflict),
    )


def run_bundle(args: argparse.Namespace, ctx) -> int:
    programme = ctx.programme()
    bundle = export_bundle(programme.db, Path(args.out), programme.name)
    ctx.say(
        tr(
            "exchange.cli.bundle_done",
            file=args.out,
            rows=bundle.row_count(),
            tables=len(bundle.tables),
        )
    )
    return 0


def _say_counts(ctx, result: MergeResult) -> None:
    for table, count in result.added.items():
        ctx.say(tr("exchange.cli.added", table=table_label(table), count=count))
    for table, count in result.updated.items():
        ctx.say(tr("exchange.cli.updated", table=table_label(table), count=count))
    for table, count in result.deleted.items():
        ctx.say(tr("exchange.cli.deleted", table=table_label(table), count=count))


def run_merge(args: argparse.Namespace, ctx) -> int:
    from outreach.cli import CliFailure

    try:
        bundle = read_bundle(Path(args.file))
    except BundleError as error:
        raise CliFailure([error.message]) from error
    programme = ctx.programme(create=True)
    try:
        preview = merge_bundle(
            programme.db,
            bundle,
            prefer=args.prefer,
            skip_problems=args.skip_problems,
            dry_run=True,
        )
    except MergeRefused as refused:
        raise CliFailure(
            [tr("exchange.cli.in_file", file=args.file, reason=refused.message)]
        ) from refused
    lines: list[str] = []
    for problem in preview.problems:
        lines.append(tr("exchange.cli.in_file", file=args.file, reason=problem))
    for conflict in preview.conflicts:
        lines.append(tr("exchange.cli.in_file", file=args.file, reason=describe_conflict(conflict)))
    if preview.conflicts:
        lines.append(tr("exchange.cli.choose", count=len(preview.conflicts)))
    blocked = bool(preview.conflicts) or (bool(preview.problems) and not args.skip_problems)
    if blocked:
        if preview.problems and not args.skip_problems:
            lines.append(tr("exchange.cli.problems_hint"))
        lines.append(tr("exchange.cli.nothing_changed", file=str(ctx.db_path)))
        raise CliFailure(lines)
    if args.dry_run:
        for line in lines:
            ctx.problem(line)
        _say_counts(ctx, preview)
        ctx.say(
            tr(
                "exchange.cli.dry_run_done",
                changed=preview.changed,
                deleted=sum(preview.deleted.values()),
            )
        )
        return 0
    if preview.changed:
        programme.backup("before-merge")
    result = merge_bundle(
        programme.db, bundle, prefer=args.prefer, skip_problems=args.skip_problems
    )
    for line in lines:
        ctx.problem(line)
    _say_counts(ctx, result)
    ctx.say(
        tr(
            "exchange.cli.merge_done",
            changed=result.changed,
            deleted=sum(result.deleted.values()),
            unchanged=result.unchanged,
        )
    )
    return 0
