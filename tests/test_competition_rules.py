"""Registration rules: member fields and team composition, with generated rosters."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from outreach.competition.rules import (
    is_eligible,
    member_field_problems,
    normalise_name,
    normalise_phone,
    normalise_role,
    team_problems,
)

ROLES = st.sampled_from(["captain", "member", "alternate"])


def _keys(problems):
    return [p.key for p in problems]


def _fields(problems):
    return {p.field for p in problems}


def test_valid_member_including_a_middle_dot_name():
    assert member_field_problems("阿依古丽·买买提", "2023030201", "13912345678", "captain") == []
    assert member_field_problems("张芳", "2024010201", "", "member") == []
    assert member_field_problems("Anna Li", "S2024A1", None, "alternate") == []


def test_variant_dots_and_spaces_are_normalised_to_the_middle_dot():
    assert normalise_name(" 阿依古丽 • 买买提 ") == "阿依古丽·买买提"
    assert normalise_name("阿依古丽・买买提") == "阿依古丽·买买提"


def test_bad_member_fields_name_their_field():
    assert _fields(member_field_problems("", "1", "", "member")) == {"name"}
    assert _fields(member_field_problems("   ", "1", "", "member")) == {"name"}
    assert _fields(member_field_problems("张三3", "1", "", "member")) == {"name"}
    assert _fields(member_field_problems("·张三", "1", "", "member")) == {"name"}
    assert _fields(member_field_problems("张三", "", "", "member")) == {"student_no"}
    assert _fields(member_field_problems("张三", "2024-01", "", "member")) == {"student_no"}
    assert _fields(member_field_problems("张三", "1", "1380000000", "member")) == {"phone"}
    assert _fields(member_field_problems("张三", "1", "1380000000a", "member")) == {"phone"}
    assert _fields(member_field_problems("张三", "1", "", "coach")) == {"role"}


def test_a_dot_at_the_start_or_end_of_a_name_says_so():
    # "王·" was told it "contains digits or symbols (a middle dot is fine)"
    (problem,) = member_field_problems("王·", "1", "", "member")
    assert problem.message.key == "competition.rule.name_dot_edge"
    assert "开头或结尾" in problem.message.render("zh_CN")
    (problem,) = member_field_problems("王3", "1", "", "member")
    assert problem.message.key == "competition.rule.name_characters"


def test_phone_separators_are_ignored():
    assert normalise_phone("138-0000 0001") == "13800000001"
    assert normalise_phone("+86 138 0000 0001") == "13800000001"
    assert member_field_problems("张三", "1", "138 0000 0001", "member") == []


def test_roles_in_chinese_and_english():
    assert normalise_role("队长") == "captain"
    assert normalise_role("Captain") == "captain"
    assert normalise_role("替补") == "alternate"
    assert normalise_role("队员") == "member"
    assert normalise_role("教练") is None


def test_team_rules_give_each_reason():
    full = ["captain", "member", "member", "member", "alternate", "alternate"]
    assert team_problems(full) == []
    assert team_problems(full[:4]) == []
    assert _keys(team_problems(["captain", "member", "member"])) == ["competition.rule.too_few"]
    assert _keys(team_problems([*full, "alternate"])) == [
        "competition.rule.too_many",
        "competition.rule.alternates",
    ]
    assert _keys(team_problems(["member"] * 4)) == ["competition.rule.no_captain"]
    assert _keys(team_problems(["captain", "captain", "member", "member"])) == [
        "competition.rule.captains"
    ]
    assert _keys(team_problems(["captain", "member", "member", "member", "member"])) == [
        "competition.rule.starters"
    ]
    assert _keys(team_problems([])) == [
        "competition.rule.too_few",
        "competition.rule.no_captain",
    ]


def test_reasons_render_in_both_languages():
    (problem,) = team_problems(["captain", "member", "member"])
    assert problem.render("zh_CN") == "人数不足：3 人，需要 4–6 人"
    assert problem.render("en") == "too few members: 3, a team needs 4–6"


@settings(max_examples=300, deadline=None)
@given(st.lists(ROLES, max_size=9))
def test_generated_rosters_are_eligible_exactly_when_the_rules_hold(roles):
    counts = Counter(roles)
    expected = (
        4 <= len(roles) <= 6
        and counts["captain"] == 1
        and counts["alternate"] <= 2
        and len(roles) - counts["alternate"] == 4
    )
    assert is_eligible(roles) == expected
    # every failing roster says why, and an eligible one says nothing
    assert bool(team_problems(roles)) == (not expected)


@settings(max_examples=150, deadline=None)
@given(
    st.text(alphabet=st.characters(whitelist_categories=("Lo",)), min_size=1, max_size=6),
    st.text(alphabet=st.characters(whitelist_categories=("Lo",)), min_size=1, max_size=6),
    st.from_regex(r"[0-9]{11}", fullmatch=True) | st.just(""),
)
def test_generated_names_with_a_middle_dot_are_valid(given_name, family_name, phone):
    name = f"{given_name}·{family_name}"
    assert member_field_problems(name, "2024000001", phone, "member") == []
