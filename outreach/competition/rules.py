"""The competition's registration rules (seed plan 六; DESIGN.md §1.1).

A team is eligible for the written exam with 4 starters (the captain among them) plus at most
2 alternates: 4–6 people, exactly one captain. Each member needs a name, a student number
that no other member has (so a student is in one team only) and a mobile number of 11 digits
or none. Every reason is a translatable ``Message``.

Field rules are enforced on every write; team composition is only reported, so that an
incomplete team can be saved and shows why it is not yet eligible.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from outreach.competition.roster import (
    ROLE_ALTERNATE,
    ROLE_CAPTAIN,
    ROLES,
    Member,
    Team,
    list_members,
    list_teams,
)
from outreach.i18n import Message, join_clauses, msg

if TYPE_CHECKING:
    from sqlite_utils import Database

MIN_MEMBERS = 4
MAX_MEMBERS = 6
STARTERS = 4
MAX_ALTERNATES = 2
MAX_NAME_LENGTH = 40
MAX_STUDENT_NO_LENGTH = 20
PHONE_DIGITS = 11

# Dots people type between the parts of a transliterated name (阿依古丽·买买提): the
# interpunct, bullets, katakana middle dot, full stop-like dots. Stored as U+00B7.
_NAME_DOTS = str.maketrans({"•": "·", "・": "·", "‧": "·", "∙": "·", "●": "·", "．": "·"})
_SPACES = re.compile(r"\s+")
_PHONE_SEPARATORS = re.compile(r"[\s\-()（）]")
_STUDENT_NO = re.compile(r"[0-9A-Za-z]+")
# Full-width ASCII (what a Chinese input method types in full-width mode) and the ideographic
# space, folded as the importers fold them: "２０２４０１" is the student number 202401.
_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
# Letters of any script, the middle dot and spaces between Latin names; no digits or symbols.
_NAME_FORBIDDEN = re.compile(r"[0-9@#$%^&*=+<>/\\|{}\[\]\"';:!?,，。；：！？、]")


def render(message: Message, language: str | None = None) -> str:
    """Render a message whose parameters may themselves be messages, all in one language."""
    params = {
        name: render(value, language) if isinstance(value, Message) else value
        for name, value in message.params.items()
    }
    return Message(message.key, params).render(language)


def join_reasons(messages: Iterable[Message], language: str | None = None) -> str:
    """Several reasons on one line, with the language's own separator."""
    return join_clauses((render(m, language) for m in messages), language)


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one field of one member (``field`` names the column)."""

    field: str
    message: Message


def normalise_name(text: str | None) -> str:
    # full-width letters and digits as the importers fold them ("１班" is "1班")
    name = _SPACES.sub(" ", (text or "").strip()).translate(_NAME_DOTS).translate(_FULLWIDTH)
    # "阿依古丽 · 买买提" → "阿依古丽·买买提"
    return re.sub(r"\s*·\s*", "·", name)


def normalise_phone(text: str | None) -> str:
    phone = _PHONE_SEPARATORS.sub("", (text or "").translate(_FULLWIDTH).strip())
    if phone.startswith("+86"):
        phone = phone[3:]
    return phone


def normalise_student_no(text: str | None) -> str:
    """Student numbers are letters and digits compared without regard to case: "2023a01" and
    "2023A01" are one student. Stored in capitals (migration 0002 folded older files)."""
    return (text or "").translate(_FULLWIDTH).strip().replace(" ", "").upper()


def normalise_role(text: str | None) -> str | None:
    """Canonical role from what people write (队长/队员/替补, captain/member/alternate…)."""
    value = (text or "").strip().lower()
    if not value:
        return None
    return ROLE_ALIASES.get(value)


ROLE_ALIASES = {
    "captain": ROLE_CAPTAIN,
    "队长": ROLE_CAPTAIN,
    "隊長": ROLE_CAPTAIN,
    "member": "member",
    "starter": "member",
    "队员": "member",
    "隊員": "member",
    "成员": "member",
    "正式队员": "member",
    "alternate": ROLE_ALTERNATE,
    "substitute": ROLE_ALTERNATE,
    "reserve": ROLE_ALTERNATE,
    "替补": ROLE_ALTERNATE,
    "替補": ROLE_ALTERNATE,
    "候补": ROLE_ALTERNATE,
    "备用": ROLE_ALTERNATE,
}


def name_problems(name: str) -> list[FieldProblem]:
    name = normalise_name(name)
    if not name:
        return [FieldProblem("name", msg("competition.rule.name_empty"))]
    problems = []
    if len(name) > MAX_NAME_LENGTH:
        problems.append(
            FieldProblem("name", msg("competition.rule.name_too_long", limit=MAX_NAME_LENGTH))
        )
    if _NAME_FORBIDDEN.search(name):
        problems.append(FieldProblem("name", msg("competition.rule.name_characters", name=name)))
    elif name.startswith("·") or name.endswith("·"):
        # "contains digits or symbols (a middle dot is fine)" did not say what was wrong
        problems.append(FieldProblem("name", msg("competition.rule.name_dot_edge", name=name)))
    return problems


def student_no_problems(student_no: str) -> list[FieldProblem]:
    student_no = normalise_student_no(student_no)
    if not student_no:
        return [FieldProblem("student_no", msg("competition.rule.student_no_empty"))]
    if not _STUDENT_NO.fullmatch(student_no) or len(student_no) > MAX_STUDENT_NO_LENGTH:
        return [
            FieldProblem(
                "student_no", msg("competition.rule.student_no_characters", student_no=student_no)
            )
        ]
    return []


def phone_problems(phone: str | None) -> list[FieldProblem]:
    phone = normalise_phone(phone)
    if phone and not (len(phone) == PHONE_DIGITS and phone.isascii() and phone.isdigit()):
        return [FieldProblem("phone", msg("competition.rule.phone", phone=phone))]
    return []


def role_problems(role: str | None) -> list[FieldProblem]:
    if role not in ROLES:
        return [FieldProblem("role", msg("competition.rule.role", role=role or ""))]
    return []


def member_field_problems(
    name: str, student_no: str, phone: str | None, role: str | None
) -> list[FieldProblem]:
    """Problems with one member's own fields (no comparison with other members)."""
    return (
        name_problems(name)
        + student_no_problems(student_no)
        + phone_problems(phone)
        + role_problems(role)
    )


def team_problems(roles: Sequence[str]) -> list[Message]:
    """Why a team with members of these roles is not eligible (empty: eligible)."""
    size = len(roles)
    counts = Counter(roles)
    captains = counts[ROLE_CAPTAIN]
    alternates = counts[ROLE_ALTERNATE]
    starters = size - alternates
    problems: list[Message] = []
    if size < MIN_MEMBERS:
        problems.append(
            msg("competition.rule.too_few", size=size, min=MIN_MEMBERS, max=MAX_MEMBERS)
        )
    elif size > MAX_MEMBERS:
        problems.append(
            msg("competition.rule.too_many", size=size, min=MIN_MEMBERS, max=MAX_MEMBERS)
        )
    if captains == 0:
        problems.append(msg("competition.rule.no_captain"))
    elif captains > 1:
        problems.append(msg("competition.rule.captains", count=captains))
    if alternates > MAX_ALTERNATES:
        problems.append(msg("competition.rule.alternates", count=alternates, max=MAX_ALTERNATES))
    if MIN_MEMBERS <= size <= MAX_MEMBERS and alternates <= MAX_ALTERNATES and starters != STARTERS:
        problems.append(msg("competition.rule.starters", count=starters, needed=STARTERS))
    return problems


def is_eligible(roles: Sequence[str]) -> bool:
    return not team_problems(roles)


@dataclass(frozen=True)
class TeamStatus:
    team: Team
    members: list[Member]
    problems: list[Message]

    @property
    def eligible(self) -> bool:
        return not self.problems

    @property
    def captain(self) -> Member | None:
        return next((m for m in self.members if m.is_captain), None)


def team_statuses(
    db: Database, teams: Sequence[Team] | None = None, members: Sequence[Member] | None = None
) -> list[TeamStatus]:
    """Every team with its members and why it is not eligible (one query per table, or none
    when the caller already read them)."""
    teams = list_teams(db) if teams is None else teams
    members = list_members(db) if members is None else members
    grouped: dict[str, list[Member]] = {}
    for member in members:
        grouped.setdefault(member.team_id, []).append(member)
    return [
        TeamStatus(
            team,
            grouped.get(team.id, []),
            team_problems([m.role for m in grouped.get(team.id, [])]),
        )
        for team in teams
    ]


def team_status(db: Database, team_id: str) -> TeamStatus | None:
    from outreach.competition.roster import get_team

    team = get_team(db, team_id)
    if team is None:
        return None
    members = list_members(db, team_id)
    return TeamStatus(team, members, team_problems([m.role for m in members]))


def eligible_team_ids(db: Database) -> list[str]:
    """Teams that may sit the written exam."""
    return [status.team.id for status in team_statuses(db) if status.eligible]


def duplicate_student_numbers(members: Iterable[Member]) -> dict[str, list[Member]]:
    seen: dict[str, list[Member]] = {}
    for member in members:
        seen.setdefault(normalise_student_no(member.student_no), []).append(member)
    return {no: found for no, found in seen.items() if len(found) > 1}


def stored_roster_problems(db: Database) -> list[Message]:
    """Invariants for ``check``: every stored member passes the field rules.

    Team composition is not an invariant (an incomplete team may be saved), except the largest
    team: more than 6 members (an older file, or two laptops' additions merged). Two members whose
    numbers differ only in case (kept apart by migration 0002 rather than merged) are one
    student twice, and reported."""
    problems: list[Message] = []
    members = list_members(db)
    for number, found in duplicate_student_numbers(members).items():
        problems.append(
            msg(
                "competition.check.same_student",
                student_no=number,
                members=[msg("text.with_detail", text=m.name, detail=m.student_no) for m in found],
            )
        )
    for status in team_statuses(db, members=members):
        if len(status.members) > MAX_MEMBERS:
            problems.append(
                msg(
                    "competition.check.team_too_big",
                    team=status.team.label,
                    size=len(status.members),
                    max=MAX_MEMBERS,
                )
            )
    for member in members:
        for problem in member_field_problems(
            member.name, member.student_no, member.phone, member.role
        ):
            problems.append(
                msg(
                    "competition.check.member",
                    name=member.name,
                    student_no=member.student_no,
                    reason=problem.message,
                )
            )
    return problems
