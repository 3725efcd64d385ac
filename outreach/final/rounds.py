"""Rounds of the final as data: who may answer, points, stakes, penalties, time limit.

A round is a ``RoundRule`` (stored as JSON beside its name and position); the presets are the
rounds of DESIGN.md §1.1. Nothing in the console or the scoring engine is written per preset:
they read these fields.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from outreach.i18n import Message, current_language, msg, stored_message, tr_in

_NUMBER_SEPARATORS = re.compile(r"[\s,，、;；/]+")


def split_positive_numbers(text: str) -> tuple[list[int], list[str]]:
    """Whole numbers above 0 as organisers type a list of them (``10, 20, 30``,
    ``10、20、30``, ``10 / 20 / 30``, full-width digits): ``(numbers in typed order without
    repeats, the parts that are not such numbers)``."""
    folded = unicodedata.normalize("NFKC", text or "")
    numbers: list[int] = []
    bad: list[str] = []
    for part in _NUMBER_SEPARATORS.split(folded):
        if not part:
            continue
        if part.isascii() and part.isdigit() and int(part) > 0:
            if int(part) not in numbers:
                numbers.append(int(part))
        else:
            bad.append(part)
    return numbers, bad


def parse_stakes(text: str) -> tuple[int, ...]:
    """A risk round's stakes as typed; anything that is not a positive number is refused
    (a ``10、20、30`` typed with the Chinese comma used to leave the round without stakes)."""
    numbers, bad = split_positive_numbers(text)
    if bad:
        raise ValueError(" ".join(bad))
    return tuple(numbers)


# Who answers a question.
ANSWER_IN_TURN = "in_turn"  # teams in draw order, one question each (必答)
ANSWER_BUZZ = "buzz"  # first to buzz (抢答)
ANSWER_CHOOSE = "choose"  # the operator picks the team (风险: in order, lowest-ranked first)
ANSWER_MODES = (ANSWER_IN_TURN, ANSWER_BUZZ, ANSWER_CHOOSE)

# Order in which teams take their turn in a risk round.
ORDER_DRAW = "draw"
ORDER_LOWEST_FIRST = "lowest_first"
TURN_ORDERS = (ORDER_DRAW, ORDER_LOWEST_FIRST)

KIND_COMPULSORY = "compulsory"
KIND_BUZZ = "buzz"
KIND_RISK = "risk"
KIND_CUSTOM = "custom"
KIND_EXTRA = "extra"  # 附加赛: a buzz-in round that only breaks ties
KINDS = (KIND_COMPULSORY, KIND_BUZZ, KIND_RISK, KIND_CUSTOM, KIND_EXTRA)


@dataclass(frozen=True)
class RoundRule:
    kind: str = KIND_CUSTOM
    answer_mode: str = ANSWER_CHOOSE
    points_right: int = 10
    points_wrong: int = 0
    points_none: int = 0
    # Non-empty: the answering team picks one of these and wins or loses it (风险).
    stakes: tuple[int, ...] = ()
    false_start_penalty: int = 0
    time_limit_s: int = 30
    # Questions per team (in turn / choose) or questions in the round (buzz).
    questions_per_team: int = 1
    question_count: int = 10
    turn_order: str = ORDER_DRAW
    # 必答: member k of the team (by roster order) answers question k; shown on the console.
    rotate_members: bool = False

    @property
    def uses_stakes(self) -> bool:
        return bool(self.stakes)

    def points_for(self, outcome: str, stake: int | None = None) -> int:
        """Points for ``right``/``wrong``/``none``; with stakes, +stake or −stake."""
        if self.uses_stakes and stake is not None:
            return {"right": stake, "wrong": -stake, "none": -stake}[outcome]
        return {"right": self.points_right, "wrong": self.points_wrong, "none": self.points_none}[
            outcome
        ]

    def to_json(self) -> str:
        data = asdict(self)
        data["stakes"] = list(self.stakes)
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> RoundRule:
        data: dict[str, Any] = json.loads(text) if text else {}
        known = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in data.items() if k in known}
        if "stakes" in data:
            data["stakes"] = tuple(int(s) for s in data["stakes"])
        return cls(**data)

    def problems(self) -> list[Message]:
        found: list[Message] = []
        if self.kind not in KINDS:
            found.append(msg("final.error.round_kind", kind=self.kind))
        if self.answer_mode not in ANSWER_MODES:
            found.append(msg("final.error.answer_mode", mode=self.answer_mode))
        if self.turn_order not in TURN_ORDERS:
            found.append(msg("final.error.turn_order", order=self.turn_order))
        if any(s <= 0 for s in self.stakes):
            found.append(msg("final.error.stakes"))
        if self.time_limit_s < 0 or self.time_limit_s > 3600:
            found.append(msg("final.error.time_limit"))
        if self.questions_per_team < 1 or self.question_count < 1:
            found.append(msg("final.error.question_count"))
        if self.false_start_penalty < 0:
            found.append(msg("final.error.penalty"))
        return found


@dataclass(frozen=True)
class Preset:
    kind: str
    name_key: str
    rule: RoundRule = field(default_factory=RoundRule)


PRESETS: dict[str, Preset] = {
    KIND_COMPULSORY: Preset(
        KIND_COMPULSORY,
        "final.preset.compulsory",
        RoundRule(
            kind=KIND_COMPULSORY,
            answer_mode=ANSWER_IN_TURN,
            points_right=10,
            points_wrong=0,
            points_none=0,
            time_limit_s=30,
            questions_per_team=4,
            question_count=4,
            rotate_members=True,
        ),
    ),
    KIND_BUZZ: Preset(
        KIND_BUZZ,
        "final.preset.buzz",
        RoundRule(
            kind=KIND_BUZZ,
            answer_mode=ANSWER_BUZZ,
            points_right=10,
            points_wrong=-10,
            points_none=0,
            false_start_penalty=10,
            time_limit_s=20,
            question_count=10,
        ),
    ),
    KIND_RISK: Preset(
        KIND_RISK,
        "final.preset.risk",
        RoundRule(
            kind=KIND_RISK,
            answer_mode=ANSWER_CHOOSE,
            stakes=(10, 20, 30),
            time_limit_s=60,
            questions_per_team=1,
            question_count=1,
            turn_order=ORDER_LOWEST_FIRST,
        ),
    ),
    KIND_CUSTOM: Preset(KIND_CUSTOM, "final.preset.custom", RoundRule(kind=KIND_CUSTOM)),
    KIND_EXTRA: Preset(
        KIND_EXTRA,
        "final.preset.extra",
        RoundRule(
            kind=KIND_EXTRA,
            answer_mode=ANSWER_BUZZ,
            points_right=10,
            points_wrong=-10,
            false_start_penalty=10,
            time_limit_s=20,
            question_count=3,
        ),
    ),
}

STANDARD_ROUNDS = (KIND_COMPULSORY, KIND_BUZZ, KIND_RISK)


def preset(kind: str, **changes: Any) -> RoundRule:
    return replace(PRESETS[kind].rule, **changes)


# A tie-break round (附加赛) is named by the program, not typed: its stored name is this code
# (with its number from the second on), shown in the language in force wherever it is shown,
# so a round started in English reads 附加赛 on a Chinese projector after a switch.
TIEBREAK_CODE = "@tiebreak"
_TIEBREAK_NAME = re.compile(re.escape(TIEBREAK_CODE) + r"(?: (\d+))?")


def tiebreak_code(number: int) -> str:
    return TIEBREAK_CODE if number <= 1 else f"{TIEBREAK_CODE} {number}"


def round_name(stored: str, language: str | None = None) -> str:
    """A round's name as shown: a typed name as typed, a tie-break round's code in
    ``language`` (the interface's by default)."""
    match = _TIEBREAK_NAME.fullmatch(stored or "")
    if match is None:
        return stored
    name = tr_in(language or current_language(), PRESETS[KIND_EXTRA].name_key)
    return f"{name} {match.group(1)}" if match.group(1) else name


def stored_round_name(stored: str) -> str:
    """A round's name as kept elsewhere for later reading (where a bank question was used): a
    typed name as typed, a tie-break round's name as a stored message shown in the language in
    force when read (see ``i18n.stored_message``), which the exam's bank renders without
    knowing about finals."""
    match = _TIEBREAK_NAME.fullmatch(stored or "")
    if match is None:
        return stored
    name = stored_message(PRESETS[KIND_EXTRA].name_key)
    if match.group(1):
        return stored_message("final.round.numbered", name=name, number=int(match.group(1)))
    return name


def usage_label(stored: str, index: int) -> str:
    """Where a bank question was used, as kept in the bank: the round and the question's number
    in it (``必答题 · 3``), the tie-break round's name rendered when shown."""
    return stored_message("final.usage.label", round=stored_round_name(stored), number=index)


def tiebreak_names(stored: str) -> set[str]:
    """Every way a tie-break round's code is shown (one per language); empty for a name."""
    from outreach.i18n import LANGUAGES

    if _TIEBREAK_NAME.fullmatch(stored or "") is None:
        return set()
    return {round_name(stored, language) for language in LANGUAGES}
