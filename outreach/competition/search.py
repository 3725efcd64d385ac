"""Search over teams and members by name, class, team, student number, phone, full pinyin and
pinyin initials (``zf`` finds 张芳), fast enough to run on every keystroke.

Pinyin is computed once per member when the index is built (pypinyin costs ~50 µs a name);
a keystroke is then a substring test over precomputed lower-case keys in a Python list
(NOTES.md: filtering the list beats a proxy filter calling back into Python per row).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import lazy_pinyin

from outreach.competition.roster import Member, Team

_SEPARATOR = "\x1f"


@lru_cache(maxsize=65536)
def pinyin_keys(text: str) -> tuple[str, str]:
    """(full pinyin without spaces, initials) of the Chinese in ``text``; other text lowered.

    Non-Chinese runs stay as they are, so "阿依古丽·买买提" gives "ayiguli·maimaiti" and
    "aygl·mmt"; initials also include the first letter of each Latin word.
    """
    return _full_and_initials([s for s in lazy_pinyin(text, errors="default") if s.strip()])


def _full_and_initials(syllables: list[str]) -> tuple[str, str]:
    full = "".join(syllables).lower()
    initials = "".join(s[0] for s in syllables if s[0].isalnum()).lower()
    return full, initials


# Surnames read differently from the same character elsewhere: 曾可馨 is Zeng Kexin (zkx),
# not "ceng"; 单 is Shan, 仇 Qiu, 解 Xie… (pypinyin gives the common reading). Compound
# surnames first.
SURNAME_READINGS = {
    "尉迟": ["yu", "chi"],
    "万俟": ["mo", "qi"],
    "长孙": ["zhang", "sun"],
    "澹台": ["tan", "tai"],
    "单于": ["chan", "yu"],
    "单": ["shan"],
    "曾": ["zeng"],
    "仇": ["qiu"],
    "解": ["xie"],
    "朴": ["piao"],
    "查": ["zha"],
    "覃": ["qin"],
    "乐": ["yue"],
    "区": ["ou"],
    "盖": ["ge"],
    "缪": ["miao"],
    "翟": ["zhai"],
    "华": ["hua"],
    "种": ["chong"],
    "繁": ["po"],
    "那": ["na"],
    "秘": ["bi"],
    "召": ["shao"],
    "句": ["gou"],
    "折": ["she"],
    "员": ["yun"],
    "隗": ["wei"],
    "冼": ["xian"],
    "尉": ["yu"],
    "牟": ["mu"],
    "谌": ["chen"],
    "祭": ["zhai"],
    "莘": ["shen"],
    "眭": ["sui"],
}


@lru_cache(maxsize=65536)
def surname_pinyin_keys(name: str) -> tuple[str, str] | None:
    """(full pinyin, initials) of a person's name read with its surname's own reading, when
    that differs from the common one; None otherwise."""
    for length in (2, 1):
        surname = name[:length]
        reading = SURNAME_READINGS.get(surname) if len(surname) == length else None
        if reading is None:
            continue
        rest = [s for s in lazy_pinyin(name[length:], errors="default") if s.strip()]
        keys = _full_and_initials(reading + rest)
        return None if keys[0] == pinyin_keys(name)[0] else keys
    return None


def search_key(*texts: str | None) -> str:
    """One lower-case string holding the texts and the pinyin of each, for substring search."""
    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        lowered = text.lower()
        parts.append(lowered)
        if not text.isascii():
            full, initials = pinyin_keys(text)
            parts.append(full)
            parts.append(initials)
            # "·" is not typed in a query: also index without it
            if "·" in full:
                parts.append(full.replace("·", ""))
    return _SEPARATOR.join(parts)


def normalise_query(query: str) -> list[str]:
    """Words of the query, lower-cased, full-width folded; every word must match."""
    folded = query.translate({code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)})
    return [w for w in folded.lower().replace("\u3000", " ").split() if w]


@dataclass(frozen=True)
class MemberHit:
    member: Member
    team: Team | None


class RosterIndex:
    """Precomputed search keys for every member and team."""

    def __init__(self, teams: Sequence[Team], members: Sequence[Member]) -> None:
        self.teams = list(teams)
        self._team_by_id = {t.id: t for t in self.teams}
        self._team_keys = [search_key(t.class_name, t.name) for t in self.teams]
        self.members = list(members)
        self._member_keys = []
        for member in self.members:
            team = self._team_by_id.get(member.team_id)
            key = search_key(
                member.name,
                member.student_no,
                member.phone,
                member.class_name,
                team.class_name if team else None,
                team.name if team else None,
            )
            surname = surname_pinyin_keys(member.name) if member.name else None
            if surname is not None:
                key = _SEPARATOR.join((key, *surname))
            self._member_keys.append(key)

    def team(self, team_id: str) -> Team | None:
        return self._team_by_id.get(team_id)

    def members_matching(self, query: str) -> list[Member]:
        words = normalise_query(query)
        if not words:
            return list(self.members)
        keys = self._member_keys
        if len(words) == 1:
            word = words[0]
            return [m for m, key in zip(self.members, keys, strict=True) if word in key]
        return [
            m
            for m, key in zip(self.members, keys, strict=True)
            if all(word in key for word in words)
        ]

    def search(self, query: str) -> tuple[list[Team], list[Member]]:
        """(matching teams, matching members) for one keystroke, members filtered once."""
        members = self.members_matching(query)
        return self.teams_matching(query, members), members

    def teams_matching(self, query: str, members: list[Member] | None = None) -> list[Team]:
        """Teams whose class or name matches, or that have a matching member."""
        words = normalise_query(query)
        if not words:
            return list(self.teams)
        if members is None:
            members = self.members_matching(query)
        with_member = {m.team_id for m in members}
        return [
            t
            for t, key in zip(self.teams, self._team_keys, strict=True)
            if t.id in with_member or all(word in key for word in words)
        ]


def build_index(teams: Iterable[Team], members: Iterable[Member]) -> RosterIndex:
    return RosterIndex(list(teams), list(members))
