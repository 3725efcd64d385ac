"""Standings of a final with a configurable tie-break ladder, each rank explained.

The ladder is a list of criteria tried in order (default: total, then risk-round points,
then fewer wrong answers, then the extra round 附加赛). Teams equal on every criterion share
a rank; such a tie across a prize boundary is "unresolved" and calls for an extra round.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from outreach.final import scoring
from outreach.final.finals import Final, get_final, load_events, load_setup
from outreach.final.finals import list_finals as _list_finals
from outreach.final.scoring import FinalState, Setup, TeamScore
from outreach.i18n import Message, Name, current_language, join_clauses, msg

if TYPE_CHECKING:
    from sqlite_utils import Database

# criterion -> (catalog key of its name, value where higher is better)
CRITERIA: dict[str, tuple[str, Callable[[TeamScore], int]]] = {
    "total": ("final.criterion.total", lambda s: s.total),
    "risk_points": ("final.criterion.risk_points", scoring.risk_points),
    "compulsory_points": (
        "final.criterion.compulsory_points",
        lambda s: s.kind_points("compulsory"),
    ),
    "buzz_points": ("final.criterion.buzz_points", lambda s: s.kind_points("buzz")),
    "fewer_wrong": ("final.criterion.fewer_wrong", lambda s: -s.wrong),
    "more_right": ("final.criterion.more_right", lambda s: s.right),
    "fewer_false_starts": ("final.criterion.fewer_false_starts", lambda s: -s.false_starts),
    "extra_round": ("final.criterion.extra_round", scoring.extra_points),
}


def criterion_value(criterion: str, score: TeamScore) -> int:
    """The value shown to people (wrong answers as a count, not negated)."""
    value = CRITERIA[criterion][1](score)
    return -value if criterion.startswith("fewer_") else value


@dataclass(frozen=True)
class Standing:
    team_id: str
    team_name: str
    total: int
    rank: int
    explanation: list[Message | str] = field(default_factory=list)
    tied_with: tuple[str, ...] = ()
    right: int = 0
    wrong: int = 0


def list_finals(db: Database) -> list[Final]:
    return _list_finals(db)


def rank_teams(
    setup: Setup, state: FinalState, ladder: Sequence[str] = ("total",)
) -> list[Standing]:
    ladder = [c for c in ladder if c in CRITERIA] or ["total"]
    if ladder[0] != "total":
        ladder = ["total", *[c for c in ladder if c != "total"]]
    if "extra_round" not in ladder:
        # a tie-break round (附加赛) is played to settle a tie: its points always count last
        ladder.append("extra_round")
    names = {t.team_id: t.name for t in setup.teams}
    draw = {t.team_id: t.position for t in setup.teams}
    scores = [state.scores[t.team_id] for t in setup.teams]

    def key(score: TeamScore) -> tuple[int, ...]:
        return tuple(-CRITERIA[c][1](score) for c in ladder)

    ordered = sorted(scores, key=lambda s: (key(s), draw[s.team_id]))
    standings: list[Standing] = []
    for position, score in enumerate(ordered, start=1):
        same = [s for s in ordered if key(s) == key(score)]
        rank = ordered.index(same[0]) + 1
        explanation: list[Message | str] = [msg("final.explain.total", total=score.total)]
        above = ordered[position - 2] if position > 1 else None
        below = ordered[position] if position < len(ordered) else None
        for neighbour, relation in ((above, "above"), (below, "below")):
            if neighbour is None or neighbour.total != score.total or neighbour in same:
                continue
            decided_by = next(
                c for c in ladder if CRITERIA[c][1](neighbour) != CRITERIA[c][1](score)
            )
            explanation.append(
                msg(
                    f"final.explain.{relation}",
                    other=Name(names[neighbour.team_id]),
                    criterion=Message(CRITERIA[decided_by][0]),
                    mine=criterion_value(decided_by, score),
                    theirs=criterion_value(decided_by, neighbour),
                )
            )
        others = [Name(names[s.team_id]) for s in same if s is not score]
        if others:
            explanation.append(
                msg(
                    "final.explain.tied",
                    others=others,
                    rank=rank,
                    criteria=[Message(CRITERIA[c][0]) for c in ladder],
                )
            )
        standings.append(
            Standing(
                team_id=score.team_id,
                team_name=names[score.team_id],
                total=score.total,
                rank=rank,
                explanation=explanation,
                tied_with=tuple(s.team_id for s in same if s is not score),
                right=score.right,
                wrong=score.wrong,
            )
        )
    return standings


def unresolved_ties(standings: Sequence[Standing], prize_cuts: Sequence[int]) -> list[list[str]]:
    """Groups of tied teams that straddle a prize boundary (e.g. 2nd and 3rd of a cut at 2)."""
    groups: dict[int, list[Standing]] = {}
    for standing in standings:
        groups.setdefault(standing.rank, []).append(standing)
    found = []
    for rank, group in sorted(groups.items()):
        if len(group) < 2:
            continue
        last = rank + len(group) - 1
        if any(rank <= cut < last for cut in prize_cuts):
            found.append([s.team_id for s in group])
    return found


def final_standings(db: Database, final_id: str) -> list[Standing]:
    """Standings in rank order, ties resolved by the final's configured ladder."""
    final = get_final(db, final_id)
    setup = load_setup(db, final_id)
    state = scoring.replay(setup, load_events(db, final_id))
    return rank_teams(setup, state, final.ladder)


def render_part(part: Message | str, language: str | None = None) -> str:
    """A message whose parameters may be messages (or lists of them), all in ``language``."""
    if not isinstance(part, Message):
        return str(part)
    return part.render(language or current_language())


def explain(standing: Standing, language: str | None = None) -> str:
    """One line: the standing's explanation rendered in ``language``."""
    language = language or current_language()
    parts = [render_part(part, language) for part in standing.explanation]
    return join_clauses(parts, language)
