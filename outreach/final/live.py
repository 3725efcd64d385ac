"""What the operator does during the final, each action one committed event in the log.

Points are computed here from the round's rule and stored in the event, so the log alone
says what happened. Every function returns the events it appended (empty: nothing to do).
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from outreach.final import scoring
from outreach.final.finals import (
    Final,
    FinalError,
    append_event,
    get_final,
    load_events,
    load_setup,
)
from outreach.final.rounds import (
    ANSWER_BUZZ,
    ANSWER_IN_TURN,
    KIND_EXTRA,
    ORDER_LOWEST_FIRST,
    usage_label,
)
from outreach.final.scoring import Event, FinalState, Setup
from outreach.i18n import msg

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class QuestionInput:
    """A question for the console: from the bank (``question_id``) or typed in."""

    stem: str
    options: list[str] = field(default_factory=list)
    answer: str = ""
    explanation: str = ""
    question_id: str | None = None


@dataclass
class Live:
    """Set-up and state of one final, kept current as events are appended (no full replay
    per key press: the console and the projector read this)."""

    db: Database
    final_id: str
    final: Final
    setup: Setup
    events: list[Event]
    state: FinalState
    # round_teams' answer for a tie-break round: ((its start event, setup, final), teams)
    _round_teams: tuple | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def open(cls, db: Database, final_id: str) -> Live:
        setup = load_setup(db, final_id)
        events = load_events(db, final_id)
        final = get_final(db, final_id)
        return cls(db, final_id, final, setup, events, scoring.replay(setup, events))

    def standings(self):
        from outreach.final.standings import rank_teams

        return rank_teams(self.setup, self.state, self.final.ladder)

    def reload(self) -> None:
        self.final = get_final(self.db, self.final_id)
        self.setup = load_setup(self.db, self.final_id)
        self.events = load_events(self.db, self.final_id)
        self.state = scoring.replay(self.setup, self.events)

    # -- helpers
    def _append(self, kind: str, **fields) -> Event:
        event = append_event(self.db, self.final_id, kind, **fields)
        self.events.append(event)
        if not scoring.advance(self.setup, self.state, event):
            self.state = scoring.replay(self.setup, self.events)
        return event

    @property
    def round(self) -> scoring.RoundInfo | None:
        return self.setup.round(self.state.round_id)

    def _need_question(self) -> scoring.QuestionState:
        if self.state.question is None:
            raise FinalError(msg("final.error.no_question"))
        return self.state.question

    # -- rounds and questions
    def start_round(self, round_id: str) -> list[Event]:
        if self.setup.round(round_id) is None:
            raise FinalError(msg("final.error.no_round"))
        if not self.setup.teams:
            raise FinalError(msg("final.error.no_teams"))
        return [self._append(scoring.ROUND_START, round_id=round_id)]

    def turn_team(self, index: int) -> str | None:
        """Whose turn question ``index`` (1-based) of the current round is, if turns apply."""
        info = self.round
        if info is None or info.rule.answer_mode == ANSWER_BUZZ or not self.setup.teams:
            return None
        teams = self.turn_order()
        if info.rule.answer_mode == ANSWER_IN_TURN:
            return teams[(index - 1) % len(teams)]
        per_team = max(1, info.rule.questions_per_team)
        return teams[((index - 1) // per_team) % len(teams)]

    def turn_order(self) -> list[str]:
        """Teams in turn order: draw order, or lowest-ranked first (risk round), fixed at the
        round's start so that a team's result does not reshuffle the remaining turns."""
        info = self.round
        teams = [t.team_id for t in sorted(self.setup.teams, key=lambda t: t.position)]
        if info is None or info.rule.turn_order != ORDER_LOWEST_FIRST:
            return teams
        start = self._round_start_event()
        prior = [e for e in self.events if start is None or e.seq < start.seq]
        totals = scoring.replay(self.setup, prior).scores
        position = {t: i for i, t in enumerate(teams)}
        return sorted(teams, key=lambda t: (totals[t].total, position[t]))

    def round_teams(self) -> frozenset[str]:
        """Teams that may answer in the current round: every team, except in a tie-break
        round (附加赛) started over a tie at a prize boundary, which is for the tied teams
        only (the others' buzzers are ignored, as their points there would reorder them)."""
        every = frozenset(t.team_id for t in self.setup.teams)
        info = self.round
        if info is None or info.rule.kind != KIND_EXTRA:
            return every
        from outreach.final.standings import rank_teams, unresolved_ties

        start = self._round_start_event()
        # the events before the round's start do not change: replayed once per round, not
        # on every buzz and every refresh of the console
        key = (start, self.setup, self.final)
        cached = self._round_teams
        if start is not None and cached is not None and all(map(operator.is_, cached[0], key)):
            return cached[1]
        prior = [e for e in self.events if start is None or e.seq < start.seq]
        state = scoring.replay(self.setup, prior)
        standings = rank_teams(self.setup, state, self.final.ladder)
        tied = {
            team for group in unresolved_ties(standings, self.final.prize_cuts) for team in group
        }
        teams = frozenset(tied) if tied else every
        if start is not None:
            self._round_teams = (key, teams)
        return teams

    def tie_status(self, standings=None) -> tuple[list[list[str]], bool]:
        """Ties at a prize boundary that the ladder cannot split, and whether a tie-break round
        under way already covers them (more of its questions settle them; no new round)."""
        from outreach.final.standings import unresolved_ties

        ties = unresolved_ties(
            self.standings() if standings is None else standings, self.final.prize_cuts
        )
        info = self.round
        running = (
            bool(ties)
            and info is not None
            and info.rule.kind == KIND_EXTRA
            and {t for group in ties for t in group} <= self.round_teams()
        )
        return ties, running

    def tiebreak_needed(self, standings=None) -> bool:
        """Offer a new tie-break round: a tie at a deciding place exists that no tie-break
        has settled and none under way is settling."""
        ties, running = self.tie_status(standings)
        return bool(ties) and not running

    def _round_start_event(self) -> Event | None:
        for event in reversed(self.events):
            if (
                event.kind == scoring.ROUND_START
                and event.round_id == self.state.round_id
                and event.id in self.state.active_ids
            ):
                return event
        return None

    def open_question(self, question: QuestionInput) -> list[Event]:
        info = self.round
        if info is None:
            raise FinalError(msg("final.error.no_round_started"))
        if not question.stem.strip():
            raise FinalError(msg("final.error.question_empty"))
        index = self.state.questions_in_round.get(info.id, 0) + 1
        data = {
            "stem": question.stem.strip(),
            "options": list(question.options),
            "answer": question.answer.strip(),
            "explanation": question.explanation.strip(),
            "question_id": question.question_id,
            "key": question.question_id or None,
            "turn_team_id": self.turn_team(index),
            "time_limit_ms": info.rule.time_limit_s * 1000,
        }
        with self.db.atomic():
            event = self._append(scoring.QUESTION_OPEN, round_id=info.id, data=data)
            if question.question_id:
                from outreach.final.sources import note_question_used

                label = usage_label(info.stored_name, index)
                usage = "tiebreak" if info.rule.kind == KIND_EXTRA else "final_round"
                note_question_used(self.db, question.question_id, usage, info.id, label)
        return [event]

    # -- who answers
    def buzz(self, team_id: str) -> list[Event]:
        """A buzzer press: a false start before the question opens, else the first press
        takes the question and locks the others out. Returns [] for an ignored press."""
        info = self.round
        question = self.state.question
        if info is None or question is None or self.setup.team(team_id) is None:
            return []
        if question.outcome == "right" or team_id in question.locked_out:
            return []
        if team_id not in self.round_teams():
            return []  # not in this tie-break
        if not question.buzz_open:
            if info.rule.answer_mode != ANSWER_BUZZ:
                return []
            penalty = info.rule.false_start_penalty
            return [
                self._append(
                    scoring.FALSE_START, round_id=info.id, team_id=team_id, points=-penalty
                )
            ]
        answering = question.answering_team_id
        if answering is not None and answering not in question.locked_out:
            return []  # someone else holds the question
        events = [self._append(scoring.BUZZ, round_id=info.id, team_id=team_id)]
        if self.state.timer.running:
            events.append(self._timer(False, self.timer_remaining_ms()))
        return events

    def choose(self, team_id: str) -> list[Event]:
        """The operator picks the answering team (keys 1–9), until the question is scored
        right: moving it then would show another team as the one who answered right."""
        info = self.round
        if info is None or self.state.question is None:
            raise FinalError(msg("final.error.no_question"))
        if self.state.question.outcome == "right":
            raise FinalError(msg("final.error.already_scored"))
        if self.setup.team(team_id) is None:
            raise FinalError(msg("final.error.no_team"))
        if team_id not in self.round_teams():
            raise FinalError(msg("final.error.not_in_tiebreak", team=self.setup.team(team_id).name))
        return [self._append(scoring.CHOOSE, round_id=info.id, team_id=team_id)]

    def stake(self, stake: int) -> list[Event]:
        info = self.round
        question = self._need_question()
        if info is None or not info.rule.uses_stakes:
            raise FinalError(msg("final.error.no_stakes"))
        if stake not in info.rule.stakes:
            raise FinalError(msg("final.error.bad_stake", stake=stake))
        team = question.answering_team_id
        if team is None:
            raise FinalError(msg("final.error.no_answering_team"))
        return [self._append(scoring.STAKE, round_id=info.id, team_id=team, data={"stake": stake})]

    def next_stake(self) -> list[Event]:
        """Key S: cycle through the round's stakes."""
        info = self.round
        if info is None or not info.rule.uses_stakes:
            raise FinalError(msg("final.error.no_stakes"))
        question = self._need_question()
        stakes = list(info.rule.stakes)
        if question.stake in stakes:
            choice = stakes[(stakes.index(question.stake) + 1) % len(stakes)]
        else:
            choice = stakes[0]
        return self.stake(choice)

    # -- results
    def answer(self, outcome: str) -> list[Event]:
        if outcome not in scoring.OUTCOMES:
            raise ValueError(outcome)
        info = self.round
        question = self._need_question()
        if info is None:
            raise FinalError(msg("final.error.no_round_started"))
        if question.outcome == "right":
            raise FinalError(msg("final.error.already_scored"))
        team = question.answering_team_id
        if team is None or team in question.locked_out:
            raise FinalError(msg("final.error.no_answering_team"))
        if info.rule.uses_stakes and question.stake is None:
            raise FinalError(msg("final.error.stake_first"))
        points = info.rule.points_for(outcome, question.stake)
        data = {"outcome": outcome, "question": question.key, "index": question.index}
        if question.stake is not None:
            data["stake"] = question.stake
        events = [
            self._append(scoring.ANSWER, round_id=info.id, team_id=team, points=points, data=data)
        ]
        if self.state.timer.running:
            events.append(self._timer(False, self.timer_remaining_ms()))
        return events

    def correct(self, team_id: str, points: int, reason: str) -> list[Event]:
        if not reason.strip():
            raise FinalError(msg("final.error.reason_required"))
        if self.setup.team(team_id) is None:
            raise FinalError(msg("final.error.no_team"))
        if points == 0:
            raise FinalError(msg("final.error.zero_points"))
        return [
            self._append(
                scoring.CORRECTION,
                round_id=self.state.round_id,
                team_id=team_id,
                points=points,
                reason=reason.strip(),
            )
        ]

    def reveal_next(self) -> list[Event]:
        """Key P: question → answer → explanation on the projector."""
        question = self._need_question()
        stages = ["question", "answer", "explanation"]
        if not question.explanation:
            stages.remove("explanation")
        following = stages[(stages.index(question.reveal) + 1) % len(stages)]
        if following == question.reveal:
            return []
        return [
            self._append(scoring.REVEAL, round_id=self.state.round_id, data={"stage": following})
        ]

    # -- timer
    def timer_remaining_ms(self, now_ms: float | None = None) -> int:
        timer = self.state.timer
        if not timer.running:
            return timer.remaining_ms
        import datetime as dt

        started = dt.datetime.fromisoformat(timer.started_at)
        now = dt.datetime.now() if now_ms is None else dt.datetime.fromtimestamp(now_ms / 1000)
        elapsed = int((now - started).total_seconds() * 1000)
        return max(0, timer.remaining_ms - elapsed)

    def _timer(self, running: bool, remaining_ms: int) -> Event:
        return self._append(
            scoring.TIMER, data={"running": running, "remaining_ms": int(remaining_ms)}
        )

    def toggle_timer(self, remaining_ms: int | None = None) -> list[Event]:
        """Space: start or stop the countdown. In a buzz round starting it opens the
        question for buzzing (a press before that is a false start)."""
        question = self._need_question()
        timer = self.state.timer
        remaining = self.timer_remaining_ms() if remaining_ms is None else remaining_ms
        info = self.round
        if timer.running:
            return [self._timer(False, remaining)]
        if remaining <= 0 and info is not None:
            remaining = info.rule.time_limit_s * 1000
        events = []
        with self.db.atomic():
            if info is not None and info.rule.answer_mode == ANSWER_BUZZ and not question.buzz_open:
                events.append(
                    self._append(scoring.BUZZ_OPEN, round_id=info.id, data={"open": True})
                )
            events.append(self._timer(True, remaining))
        return events

    def timer_expired(self) -> list[Event]:
        if not self.state.timer.running:
            return []
        return [self._timer(False, 0)]

    # -- undo / redo
    def undo(self) -> list[Event]:
        target = self.state.undo_target
        if target is None:
            return []
        with self.db.atomic():
            events = [self._append(scoring.UNDO, target=target)]
            self._sync_question_usage(target)
        return events

    def redo(self) -> list[Event]:
        target = self.state.redo_target
        if target is None:
            return []
        with self.db.atomic():
            events = [self._append(scoring.REDO, target=target)]
            self._sync_question_usage(target)
        return events

    def _sync_question_usage(self, event_id: str) -> None:
        """A bank question opened by mistake and undone goes back to the bank (the next
        question, or the tie-break, may use it); redoing the opening marks it used again."""
        event = self.event(event_id)
        if event is None or event.kind != scoring.QUESTION_OPEN:
            return
        question_id = event.data.get("question_id")
        info = self.setup.round(event.round_id)
        if not question_id or info is None:
            return
        from outreach.final.sources import forget_question_used, note_question_used

        usage = "tiebreak" if info.rule.kind == KIND_EXTRA else "final_round"
        still_open = any(
            e.kind == scoring.QUESTION_OPEN
            and e.round_id == info.id
            and e.data.get("question_id") == question_id
            and e.id in self.state.active_ids
            for e in self.events
        )
        if still_open:
            question = self.state.question
            if question is not None and question.question_id == question_id:
                index = question.index
            else:
                index = self.state.questions_in_round.get(info.id, 0)
            note_question_used(
                self.db, question_id, usage, info.id, usage_label(info.stored_name, index)
            )
        else:
            forget_question_used(self.db, question_id, usage, info.id)

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)
