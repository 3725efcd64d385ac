"""The scoring engine: the state of a final is a pure function of its append-only event log.

Nothing here touches the database. ``replay(setup, events)`` folds the log into ``FinalState``
(scores, current round and question, who is answering, the timer, what the projector shows).
Undo and redo are events too: an undo marks its target inactive, a redo makes it active again,
so replaying a log always gives the same result and an undo followed by a redo changes nothing.
Points are stored in each event when it is recorded, so a later change of a round's rules
(after an explicit, logged unlock) never rewrites history.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from outreach.final.rounds import KIND_EXTRA, KIND_RISK, RoundRule, round_name

# Operator actions that undo/redo act on.
ROUND_START = "round_start"
QUESTION_OPEN = "question_open"
BUZZ = "buzz"  # a team's buzzer (or key 1–9 in a buzz round) after the question opened
CHOOSE = "choose"  # the operator picks the answering team
STAKE = "stake"
ANSWER = "answer"  # right / wrong / none, with the points it earned
FALSE_START = "false_start"
CORRECTION = "correction"  # points with a reason
REVEAL = "reveal"  # the projector shows the answer / the explanation
BUZZ_OPEN = "buzz_open"  # the host opens the question for buzzing (with the timer)
UNDOABLE = frozenset(
    {ROUND_START, QUESTION_OPEN, BUZZ, CHOOSE, STAKE, ANSWER, FALSE_START, CORRECTION, REVEAL}
)
# Bookkeeping that is logged but not undone.
UNDO = "undo"
REDO = "redo"
TIMER = "timer"
UNLOCK = "unlock"
LOCK = "lock"
SETUP = "setup"  # a change of rounds/teams/base score while unlocked
DRAW = "draw"  # the draw order was randomised
META = frozenset({UNDO, REDO, TIMER, UNLOCK, LOCK, SETUP, DRAW, BUZZ_OPEN})
ALL_KINDS = UNDOABLE | META
SCORING = frozenset({ANSWER, FALSE_START, CORRECTION})

OUTCOMES = ("right", "wrong", "none")


@dataclass(frozen=True)
class Event:
    seq: int
    id: str
    kind: str
    round_id: str | None = None
    team_id: str | None = None
    points: int = 0
    data: dict[str, Any] = field(default_factory=dict)
    target: str | None = None
    reason: str = ""
    at: str = ""


@dataclass(frozen=True)
class RoundInfo:
    id: str
    stored_name: str  # as typed, or a tie-break round's code (see rounds.round_name)
    rule: RoundRule

    @property
    def name(self) -> str:
        """The name in the interface's language at the moment it is shown."""
        return round_name(self.stored_name)

    def name_in(self, language: str) -> str:
        return round_name(self.stored_name, language)


@dataclass(frozen=True)
class TeamInfo:
    team_id: str
    name: str
    position: int = 0
    buzzer_key: str = ""
    class_name: str = ""


@dataclass(frozen=True)
class Setup:
    """What replay needs besides the log: teams (in draw order), rounds, base score."""

    teams: tuple[TeamInfo, ...]
    rounds: tuple[RoundInfo, ...]
    base_score: int = 100

    def round(self, round_id: str | None) -> RoundInfo | None:
        return next((r for r in self.rounds if r.id == round_id), None)

    def team(self, team_id: str | None) -> TeamInfo | None:
        return next((t for t in self.teams if t.team_id == team_id), None)


@dataclass
class TeamScore:
    team_id: str
    total: int = 0
    right: int = 0
    wrong: int = 0
    no_answer: int = 0
    false_starts: int = 0
    by_round: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)

    def kind_points(self, kind: str) -> int:
        return self.by_kind.get(kind, 0)


@dataclass
class QuestionState:
    key: str  # bank question id, or "typed:<event id>"
    stem: str
    options: list[str]
    answer: str
    explanation: str
    question_id: str | None
    index: int  # 1-based within the round
    turn_team_id: str | None = None  # 必答: whose turn it is
    answering_team_id: str | None = None
    stake: int | None = None
    buzz_open: bool = False
    locked_out: list[str] = field(default_factory=list)  # buzzed and answered wrong
    outcome: str | None = None
    reveal: str = "question"  # question → answer → explanation


@dataclass
class TimerState:
    running: bool = False
    remaining_ms: int = 0
    # wall-clock ISO time of the last start, so a reopened console can continue the countdown
    started_at: str = ""


@dataclass
class FinalState:
    scores: dict[str, TeamScore]
    round_id: str | None = None
    question: QuestionState | None = None
    questions_in_round: dict[str, int] = field(default_factory=dict)
    used_question_keys: list[str] = field(default_factory=list)
    timer: TimerState = field(default_factory=TimerState)
    started: bool = False
    setup_unlocked: bool = False
    undo_target: str | None = None
    redo_target: str | None = None
    last_seq: int = 0
    active_ids: frozenset[str] = frozenset()

    def total(self, team_id: str) -> int:
        return self.scores[team_id].total


def activity(events: Sequence[Event]) -> tuple[set[str], list[str], list[str]]:
    """Which undoable events are in force, the undo stack and the redo stack."""
    inactive: set[str] = set()
    undo_stack: list[str] = []
    redo_stack: list[str] = []
    for event in events:
        if event.kind in UNDOABLE:
            undo_stack.append(event.id)
            redo_stack.clear()
        elif event.kind == UNDO and event.target:
            inactive.add(event.target)
            if event.target in undo_stack:
                undo_stack.remove(event.target)
            redo_stack.append(event.target)
        elif event.kind == REDO and event.target:
            inactive.discard(event.target)
            if event.target in redo_stack:
                redo_stack.remove(event.target)
            undo_stack.append(event.target)
    active = {e.id for e in events if e.kind in UNDOABLE and e.id not in inactive}
    return active, undo_stack, redo_stack


def replay(setup: Setup, events: Iterable[Event]) -> FinalState:
    events = sorted(events, key=lambda e: e.seq)
    active, undo_stack, redo_stack = activity(events)
    state = FinalState(scores={t.team_id: TeamScore(t.team_id) for t in setup.teams})
    for team_score in state.scores.values():
        team_score.total = setup.base_score
    for event in events:
        state.last_seq = max(state.last_seq, event.seq)
        if event.kind in UNDOABLE:
            if event.id in active:
                _apply(setup, state, event)
        elif event.kind == TIMER:
            state.timer = TimerState(
                running=bool(event.data.get("running")),
                remaining_ms=int(event.data.get("remaining_ms", 0)),
                started_at=event.at if event.data.get("running") else "",
            )
        elif event.kind == BUZZ_OPEN and state.question is not None:
            state.question.buzz_open = bool(event.data.get("open", True))
        elif event.kind == UNLOCK:
            state.setup_unlocked = True
        elif event.kind == LOCK:
            state.setup_unlocked = False
    state.active_ids = frozenset(active)
    state.undo_target = undo_stack[-1] if undo_stack else None
    state.redo_target = redo_stack[-1] if redo_stack else None
    return state


def advance(setup: Setup, state: FinalState, event: Event) -> bool:
    """Apply one new event to ``state`` in place, as ``replay`` would; returns False (state
    untouched) for undo/redo, which need a full replay. Keeps a key press from replaying
    the whole log."""
    if event.kind in (UNDO, REDO) or event.seq <= state.last_seq:
        return False
    state.last_seq = event.seq
    if event.kind in UNDOABLE:
        state.active_ids = state.active_ids | {event.id}
        state.undo_target = event.id
        state.redo_target = None
        _apply(setup, state, event)
    elif event.kind == TIMER:
        state.timer = TimerState(
            running=bool(event.data.get("running")),
            remaining_ms=int(event.data.get("remaining_ms", 0)),
            started_at=event.at if event.data.get("running") else "",
        )
    elif event.kind == BUZZ_OPEN and state.question is not None:
        state.question.buzz_open = bool(event.data.get("open", True))
    elif event.kind == UNLOCK:
        state.setup_unlocked = True
    elif event.kind == LOCK:
        state.setup_unlocked = False
    return True


def _score(setup: Setup, state: FinalState, event: Event) -> TeamScore | None:
    score = state.scores.get(event.team_id or "")
    if score is None:
        return None
    score.total += event.points if _counts_in_total(setup, event) else 0
    if event.round_id:
        score.by_round[event.round_id] = score.by_round.get(event.round_id, 0) + event.points
        info = setup.round(event.round_id)
        kind = info.rule.kind if info else ""
        score.by_kind[kind] = score.by_kind.get(kind, 0) + event.points
    return score


def _counts_in_total(setup: Setup, event: Event) -> bool:
    """Tie-break (附加赛) points decide ties only; they never change the total."""
    info = setup.round(event.round_id)
    return not (info and info.rule.kind == KIND_EXTRA)


def _apply(setup: Setup, state: FinalState, event: Event) -> None:
    state.started = True
    question = state.question
    if event.kind == ROUND_START:
        state.round_id = event.round_id
        state.question = None
    elif event.kind == QUESTION_OPEN:
        round_id = event.round_id or state.round_id
        state.round_id = round_id
        index = state.questions_in_round.get(round_id or "", 0) + 1
        state.questions_in_round[round_id or ""] = index
        data = event.data
        key = data.get("key") or f"typed:{event.id}"
        state.used_question_keys.append(key)
        state.question = QuestionState(
            key=key,
            stem=str(data.get("stem", "")),
            options=list(data.get("options", [])),
            answer=str(data.get("answer", "")),
            explanation=str(data.get("explanation", "")),
            question_id=data.get("question_id"),
            index=index,
            turn_team_id=data.get("turn_team_id"),
            answering_team_id=data.get("turn_team_id"),
        )
        state.timer = TimerState(remaining_ms=int(data.get("time_limit_ms", 0)))
    elif event.kind in (BUZZ, CHOOSE):
        if question is not None:
            question.answering_team_id = event.team_id
            question.stake = None
    elif event.kind == STAKE:
        if question is not None:
            question.answering_team_id = event.team_id
            question.stake = int(event.data.get("stake", 0))
    elif event.kind == ANSWER:
        score = _score(setup, state, event)
        outcome = str(event.data.get("outcome", ""))
        if score is not None:
            if outcome == "right":
                score.right += 1
            elif outcome == "wrong":
                score.wrong += 1
            else:
                score.no_answer += 1
        if question is not None:
            question.outcome = outcome
            if outcome != "right" and event.team_id:
                question.locked_out.append(event.team_id)
            question.answering_team_id = event.team_id
    elif event.kind == FALSE_START:
        score = _score(setup, state, event)
        if score is not None:
            score.false_starts += 1
        if question is not None and event.team_id:
            question.locked_out.append(event.team_id)
    elif event.kind == CORRECTION:
        _score(setup, state, event)
    elif event.kind == REVEAL and question is not None:
        question.reveal = str(event.data.get("stage", "answer"))


def risk_points(score: TeamScore) -> int:
    return score.kind_points(KIND_RISK)


def extra_points(score: TeamScore) -> int:
    return score.kind_points(KIND_EXTRA)
