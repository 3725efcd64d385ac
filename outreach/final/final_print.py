"""Printouts of the final: a judges' scoresheet per round (blank boxes to fill by hand, one page
per round) and the results sheet (ranks, points per round, why each rank)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from outreach.final import scoring
from outreach.final.finals import get_final, list_final_teams, list_rounds, load_events, load_setup
from outreach.final.rounds import ANSWER_BUZZ
from outreach.final.standings import explain, final_standings
from outreach.i18n import DEFAULT_PRINT_LANGUAGE, tr_in
from outreach.printing.documents import build_pdf, fitted_row_heights, styles
from outreach.printing.fonts import register_bundled_fonts

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_QUESTION_COLUMNS = 12


def _grid_style(font: str, bold: str) -> TableStyle:
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTNAME", (0, 0), (-1, 0), bold),
            ("FONTSIZE", (0, 0), (-1, -1), 10),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#444444")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef6")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ]
    )


def font_check(db: Database, final_id: str) -> list:
    """Characters of the final's team and class names that the printouts' font cannot draw
    (an emoji in a team name, a rare character): the font doctor's ``MissingCharacter`` list.
    The judges' scoresheets and the results sheet printed them as boxes, silently."""
    from outreach.printing.font_doctor import missing_characters

    fonts = register_bundled_fonts()
    texts = [(t.name, f"{t.name} {t.class_name}") for t in list_final_teams(db, final_id)]
    return missing_characters(fonts.regular, texts)


def print_scoresheets(
    db: Database, final_id: str, target: str | Path, language: str = DEFAULT_PRINT_LANGUAGE
) -> Path:
    """A page per round (more when its questions run on in further blocks of twelve): teams in
    draw order, a box per question, subtotal, signatures."""
    fonts = register_bundled_fonts()
    sheet = styles()
    final = get_final(db, final_id)
    teams = list_final_teams(db, final_id)
    rounds = list_rounds(db, final_id)
    flowables = []
    for index, round_ in enumerate(rounds):
        rule = round_.rule
        per_team = (
            rule.question_count if rule.answer_mode == ANSWER_BUZZ else rule.questions_per_team
        )
        questions = max(1, per_team)
        if index:
            flowables.append(PageBreak())
        flowables.append(
            Paragraph(
                tr_in(language, "final.print.scoresheet_title", round=round_.name_in(language)),
                sheet.title,
            )
        )
        flowables.append(Paragraph(_rule_line(rule, final.base_score, language), sheet.body))
        flowables.append(Spacer(1, 4 * mm))
        fixed = [14 * mm, 42 * mm, 34 * mm] + ([24 * mm] if rule.uses_stakes else [])
        available = 297 * mm - 36 * mm - sum(fixed) - 22 * mm
        # More questions than fit across the page continue in further blocks of the same
        # box size (the teams repeated), the subtotal after the last: they were cut at 12.
        box = available / min(MAX_QUESTION_COLUMNS, questions)
        for first in range(1, questions + 1, MAX_QUESTION_COLUMNS):
            numbers = range(first, min(questions, first + MAX_QUESTION_COLUMNS - 1) + 1)
            last_block = numbers[-1] == questions
            header = [
                tr_in(language, "final.print.draw"),
                tr_in(language, "final.print.team"),
                tr_in(language, "final.print.class"),
            ]
            if rule.uses_stakes:
                header += [tr_in(language, "final.print.stake")]
            header += [tr_in(language, "final.print.question_n", n=n) for n in numbers]
            if last_block:
                header += [tr_in(language, "final.print.subtotal")]
            rows = [header]
            for team in teams:
                row = [
                    str(team.position),
                    Paragraph(team.name, sheet.cell),
                    Paragraph(team.class_name, sheet.cell),
                ]
                if rule.uses_stakes:
                    row.append(" / ".join(str(s) for s in rule.stakes))
                row += [""] * (len(numbers) + (1 if last_block else 0))
                rows.append(row)
            widths = [*fixed, *([box] * len(numbers))] + ([22 * mm] if last_block else [])
            table = Table(
                rows,
                colWidths=widths,
                rowHeights=[9 * mm, *fitted_row_heights(rows[1:], widths, 13 * mm)],
                repeatRows=1,
                hAlign="LEFT",
            )
            style = _grid_style(fonts.regular, fonts.bold)
            # "第30题" in bold 10 pt is wider than a box of twelve across: fit the labels
            labels = header[len(fixed) : len(fixed) + len(numbers)]
            widest = max(stringWidth(label, fonts.bold, 1) for label in labels)
            size = min(10.0, (box - 4) / widest)
            start, end = len(fixed), len(fixed) + len(numbers) - 1
            style.add("FONTSIZE", (start, 0), (end, 0), size)
            style.add("LEFTPADDING", (start, 0), (end, 0), 2)
            style.add("RIGHTPADDING", (start, 0), (end, 0), 2)
            table.setStyle(style)
            block: list = [table]
            if first > 1:
                # a continuation says which round it belongs to, should its page come loose
                caption = tr_in(
                    language,
                    "final.print.scoresheet_continued",
                    round=round_.name_in(language),
                    first=numbers[0],
                    last=numbers[-1],
                )
                block = [
                    Spacer(1, 6 * mm),
                    Paragraph(caption, sheet.body),
                    Spacer(1, 2 * mm),
                    table,
                ]
            flowables.append(KeepTogether(block))
        flowables.append(Spacer(1, 8 * mm))
        flowables.append(Paragraph(tr_in(language, "final.print.judge_signature"), sheet.body))
    if not rounds:
        flowables.append(Paragraph(tr_in(language, "final.print.no_rounds"), sheet.body))
    return build_pdf(
        target,
        flowables,
        title=tr_in(language, "final.print.scoresheet_doc", final=final.name),
        header=final.name,
        pagesize=landscape(A4),
        language=language,
    )


def _rule_line(rule, base_score: int, language: str) -> str:
    mode = tr_in(language, f"final.answer_mode.{rule.answer_mode}")
    if rule.uses_stakes:
        points = tr_in(
            language, "final.print.rule_stakes", stakes=" / ".join(map(str, rule.stakes))
        )
    else:
        points = tr_in(
            language,
            "final.print.rule_points",
            right=rule.points_right,
            wrong=rule.points_wrong,
            none=rule.points_none,
        )
    line = f"{mode} · {points} · " + tr_in(
        language, "final.print.rule_time", seconds=rule.time_limit_s
    )
    if rule.false_start_penalty:
        line += " · " + tr_in(
            language, "final.print.rule_false_start", points=rule.false_start_penalty
        )
    return line + " · " + tr_in(language, "final.print.base_score", points=base_score)


def print_results(
    db: Database, final_id: str, target: str | Path, language: str = DEFAULT_PRINT_LANGUAGE
) -> Path:
    """Ranks, totals, points per round, right/wrong counts and each rank's explanation."""
    fonts = register_bundled_fonts()
    sheet = styles()
    final = get_final(db, final_id)
    setup = load_setup(db, final_id)
    state = scoring.replay(setup, load_events(db, final_id))
    standings = final_standings(db, final_id)
    rounds = list_rounds(db, final_id)
    classes = {t.team_id: t.class_name for t in setup.teams}
    header = [
        tr_in(language, "final.print.rank"),
        tr_in(language, "final.print.team"),
        tr_in(language, "final.print.class"),
        *[Paragraph(r.name_in(language), sheet.cell) for r in rounds],
        tr_in(language, "final.print.total"),
        tr_in(language, "final.print.right_wrong"),
        tr_in(language, "final.print.explanation"),
    ]
    rows = [header]
    for standing in standings:
        score = state.scores[standing.team_id]
        rows.append(
            [
                str(standing.rank),
                Paragraph(standing.team_name, sheet.cell),
                Paragraph(classes.get(standing.team_id, ""), sheet.cell),
                *[str(score.by_round.get(r.id, 0)) for r in rounds],
                str(standing.total),
                f"{score.right} / {score.wrong}",
                Paragraph(explain(standing, language), sheet.small),
            ]
        )
    round_width = 18 * mm

    def fitted(label: str, minimum: float) -> float:
        # Plain-text headers do not wrap: the column is at least as wide as its bold label
        # plus the cell padding (English labels are longer than the Chinese ones).
        return max(minimum, stringWidth(label, fonts.bold, 10) + 12 + 2)

    rank_width = fitted(header[0], 12 * mm)
    total_width = fitted(header[-3], 16 * mm)
    counts_width = fitted(header[-2], 22 * mm)
    fixed = rank_width + 38 * mm + 32 * mm + round_width * len(rounds) + total_width + counts_width
    widths = [
        rank_width,
        38 * mm,
        32 * mm,
        *([round_width] * len(rounds)),
        total_width,
        counts_width,
        max(50 * mm, 297 * mm - 36 * mm - fixed),
    ]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = _grid_style(fonts.regular, fonts.bold)
    style.add("ALIGN", (-1, 1), (-1, -1), "LEFT")
    table.setStyle(style)
    flowables = [
        Paragraph(tr_in(language, "final.print.results_title", final=final.name), sheet.title),
        Paragraph(
            tr_in(language, "final.print.ladder")
            + " "
            + " → ".join(tr_in(language, f"final.criterion.{c}") for c in final.ladder),
            sheet.body,
        ),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 10 * mm),
        Paragraph(tr_in(language, "final.print.results_signature"), sheet.body),
    ]
    return build_pdf(
        target,
        flowables,
        title=tr_in(language, "final.print.results_title", final=final.name),
        header=final.name,
        pagesize=landscape(A4),
        language=language,
    )
