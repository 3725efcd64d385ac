"""Search by name, class, team, student number, phone, full pinyin and initials."""

from __future__ import annotations

from outreach.competition import roster
from outreach.competition.search import RosterIndex, pinyin_keys


def _index(db):
    return RosterIndex(roster.list_teams(db), roster.list_members(db))


def _names(members):
    return {m.name for m in members}


def test_pinyin_keys():
    assert pinyin_keys("张芳") == ("zhangfang", "zf")
    assert pinyin_keys("阿依古丽·买买提")[1] == "ayglmmt"


def test_every_way_of_finding_a_member(demo_db):
    index = _index(demo_db)
    assert "张芳" in _names(index.members_matching("zf"))
    assert "张芳" in _names(index.members_matching("ZhangFang"))
    assert "张芳" in _names(index.members_matching("张芳"))
    assert _names(index.members_matching("2024010201")) == {"张芳"}
    assert "阿依古丽·买买提" in _names(index.members_matching("ayiguli"))
    assert "阿依古丽·买买提" in _names(index.members_matching("ayigulimaimaiti"))
    assert "阿依古丽·买买提" in _names(index.members_matching("阿依古丽"))
    by_class = index.members_matching("精算1班")
    assert by_class and all("精算1班" in m.class_name for m in by_class)
    by_team = index.members_matching("磐石")
    assert len(by_team) == 5
    phone = next(m.phone for m in roster.list_members(demo_db) if m.phone)
    assert phone in {m.phone for m in index.members_matching(phone[-6:])}
    # several words must all match; full-width letters are folded
    assert _names(index.members_matching("jingsuan zn")) == {"周宁"}
    assert "张芳" in _names(index.members_matching("ｚｆ"))
    assert index.members_matching("") == index.members
    assert index.members_matching("no such person") == []


def test_teams_match_by_their_own_text_or_a_member(demo_db):
    index = _index(demo_db)
    assert [t.name for t in index.teams_matching("zf")] == ["守护者队"]
    assert [t.name for t in index.teams_matching("pansh")] == ["磐石队"]
    assert len(index.teams_matching("")) == 8


def test_surnames_are_found_by_their_own_reading(db):
    # 曾可馨 is Zeng Kexin: "zkx" found nobody (pypinyin reads 曾 as "ceng"), nor did "shan"
    # find 单雪 or "yuchi" 尉迟恭. The common reading still works too.
    from outreach.competition import editing

    team = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    for n, name in enumerate(["曾可馨", "单雪", "尉迟恭", "曾经"]):
        editing.add_member(db, team, name, f"20240101{n:02d}")
    index = _index(db)
    assert _names(index.members_matching("zkx")) == {"曾可馨"}
    assert _names(index.members_matching("zengkexin")) == {"曾可馨"}
    assert "曾可馨" in _names(index.members_matching("ckx"))
    assert _names(index.members_matching("shanxue")) == {"单雪"}
    assert _names(index.members_matching("sx")) == {"单雪"}
    assert _names(index.members_matching("yuchigong")) == {"尉迟恭"}
    assert _names(index.members_matching("zj")) == {"曾经"}
