"""Grading: points per answer, totals per sheet, and per-question statistics.

Scores are computed from the stored answer sheets every time (200 sheets take milliseconds), so
voiding a question or changing the points regrades everyone at once with nothing to go stale.

Rules: single choice and true/false score their points when exactly right. Multiple choice is
set per exam: ``all_or_nothing`` (only the exact set scores) or ``partial`` (the exact set scores
full points; a correct subset with no wrong letter scores ``partial_points``; any wrong letter
scores 0). A voided question scores nothing for anyone and leaves the maximum.
"""

from __future__ import annotations

from dataclasses import dataclass

from outreach.exam.answers import AnswerSheet
from outreach.exam.exams import Exam
from outreach.exam.papers import Paper
from outreach.exam.questions import FALSE, TRUE

# A graded item: (position, kind code, key, full points, partial points, voided)
_SINGLE, _MULTIPLE = 0, 1


@dataclass(frozen=True)
class GradingKey:
    """A version prepared for grading many sheets quickly."""

    letter: str
    positions: tuple[int, ...]
    keys: tuple[str, ...]
    full: tuple[int, ...]
    partial: tuple[int, ...]  # 0 where no partial credit applies
    multiple: tuple[bool, ...]
    bank_answers: tuple[tuple[int, ...], ...]  # shown index -> bank index, per item
    max_score: int


def grading_key(exam: Exam, version: Paper) -> GradingKey:
    positions, keys, full, partial, multiple, orders = [], [], [], [], [], []
    for item in version.items:
        points = 0 if item.voided else exam.points_for(item.kind)
        positions.append(item.position)
        keys.append(item.key)
        full.append(points)
        is_multiple = item.kind == "multiple"
        multiple.append(is_multiple)
        partial.append(
            exam.partial_points
            if (is_multiple and exam.multiple_mode == "partial" and points)
            else 0
        )
        orders.append(item.option_order)
    return GradingKey(
        version.letter,
        tuple(positions),
        tuple(keys),
        tuple(full),
        tuple(partial),
        tuple(multiple),
        tuple(orders),
        sum(full),
    )


def split_canonical(answers: str) -> list[str]:
    return ["" if token == "-" else token for token in answers.split(" ")]


def score_responses(key: GradingKey, responses: list[str]) -> tuple[int, list[int]]:
    """Total and points per item for responses in paper order (in the version's letters)."""
    points = []
    total = 0
    for index, expected in enumerate(key.keys):
        given = responses[index] if index < len(responses) else ""
        if given == expected:
            earned = key.full[index]
        elif key.partial[index] and given and set(given) < set(expected):
            earned = key.partial[index]
        else:
            earned = 0
        points.append(earned)
        total += earned
    return total, points


def score_total(key: GradingKey, responses: list[str]) -> int:
    """The total only (the fast path for ranking)."""
    total = 0
    keys, full, partial = key.keys, key.full, key.partial
    for index, given in enumerate(responses[: len(keys)]):
        expected = keys[index]
        if given == expected:
            total += full[index]
        elif partial[index] and given and set(given) < set(expected):
            total += partial[index]
    return total


@dataclass(frozen=True)
class GradedSheet:
    sheet: AnswerSheet
    total: int
    max_score: int
    points: list[int]  # per paper item of the sheet's version
    responses: list[str]


def grade_sheets(
    exam: Exam, versions: dict[str, Paper], sheets: list[AnswerSheet]
) -> list[GradedSheet]:
    keys = {letter: grading_key(exam, version) for letter, version in versions.items()}
    graded = []
    for sheet in sheets:
        key = keys.get(sheet.version)
        if key is None:
            continue
        responses = split_canonical(sheet.answers)
        total, points = score_responses(key, responses)
        graded.append(GradedSheet(sheet, total, key.max_score, points, responses))
    return graded


@dataclass(frozen=True)
class QuestionStatistic:
    position: int
    question_id: str
    stem: str
    kind: str
    answer: str  # the bank's answer
    voided: bool
    answered: int  # sheets that answered it (not blank)
    sheets: int
    share_correct: float  # share of sheets with full points (0..1)
    discrimination: float  # share correct in the top group minus in the bottom group (-1..1)
    choices: dict[str, int]  # bank letters (or 对/错, "" blank) -> sheets

    @property
    def suspicious(self) -> bool:
        """A question worth a second look: almost nobody right, or the weaker students do
        better than the stronger ones."""
        return self.sheets >= 10 and (self.share_correct < 0.2 or self.discrimination < 0)


def question_statistics(
    exam: Exam, versions: dict[str, Paper], graded: list[GradedSheet], group_share: float = 0.27
) -> list[QuestionStatistic]:
    """Per exam question: share correct and discrimination between the top and bottom 27 %."""
    if not versions:
        return []
    any_version = next(iter(versions.values()))
    by_position = {item.position: item for item in any_version.items}
    ordered = sorted(graded, key=lambda g: g.total, reverse=True)
    group = max(1, round(len(ordered) * group_share)) if ordered else 0
    top = {id(g) for g in ordered[:group]}
    bottom = {id(g) for g in ordered[-group:]} if group else set()
    # per version: position -> index of the item on that paper
    index_of = {
        letter: {item.position: i for i, item in enumerate(version.items)}
        for letter, version in versions.items()
    }
    results = []
    for position in sorted(by_position):
        item = by_position[position]
        correct = answered = top_right = bottom_right = 0
        choices: dict[str, int] = {}
        for g in graded:
            version = versions[g.sheet.version]
            i = index_of[g.sheet.version].get(position)
            if i is None:
                continue
            given = g.responses[i] if i < len(g.responses) else ""
            the_item = version.items[i]
            bank = the_item.bank_letters(given) if given else ""
            choices[bank] = choices.get(bank, 0) + 1
            if given:
                answered += 1
            right = given == the_item.key
            if right:
                correct += 1
                if id(g) in top:
                    top_right += 1
                if id(g) in bottom:
                    bottom_right += 1
        count = len(graded)
        results.append(
            QuestionStatistic(
                position=position,
                question_id=item.question.id,
                stem=item.question.stem,
                kind=item.kind,
                answer=item.question.answer,
                voided=item.voided,
                answered=answered,
                sheets=count,
                share_correct=correct / count if count else 0.0,
                discrimination=(top_right - bottom_right) / group if group else 0.0,
                choices=choices,
            )
        )
    return results


def truefalse_word(answer: str) -> str:
    return {TRUE: "√", FALSE: "×"}.get(answer, answer)
