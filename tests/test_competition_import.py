"""Roster import (DESIGN.md §4.1): clean files in each encoding and XLSX, every broken rule
reported with its row, bad files with a clear message, and nothing written unless clean."""

from __future__ import annotations

import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from outreach.cli import main
from outreach.competition import roster
from outreach.competition.roster_import import (
    RosterImportRefused,
    import_roster,
    plan_import,
)
from outreach.progress import Cancelled, Progress
from outreach.storage import open_programme

SAMPLE = Path("/work/shared/samples/roster_sample.csv")
HEADER = "班级,队名,姓名,学号,手机,角色\n"
CLEAN_ROWS = [
    ["2024级保险学1班", "启明队", "陈晓", "2024010101", "13800000001", "队长"],
    ["2024级保险学1班", "启明队", "林悦", "2024010102", "", "队员"],
    ["2024级保险学1班", "启明队", "阿依古丽·买买提", "2024010103", "13800000003", "队员"],
    ["2024级保险学1班", "启明队", "郑可", "2024010104", "13800000004", "队员"],
    ["2024级保险学1班", "启明队", "吴桐", "2024010105", "", "替补"],
]


def _csv(path: Path, rows, encoding="utf-8", header=HEADER) -> Path:
    text = header + "".join(",".join(r) + "\n" for r in rows)
    path.write_bytes(text.encode(encoding))
    return path


def _dump(db):
    return (
        db.execute("SELECT count(*) FROM teams").fetchone()[0],
        db.execute("SELECT count(*) FROM members").fetchone()[0],
    )


@pytest.fixture
def file_programme(tmp_path):
    programme = open_programme(tmp_path / "p.db")
    yield programme
    programme.close()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_clean_csv_in_each_encoding(file_programme, tmp_path, encoding):
    path = _csv(tmp_path / "roster.csv", CLEAN_ROWS, encoding)
    plan = plan_import(file_programme.db, path)
    assert plan.ok, plan.problem_lines("en")
    assert (plan.new_teams, plan.new_members) == (1, 5)
    result = import_roster(file_programme, path)
    assert (result.teams_created, result.members_created) == (1, 5)
    assert result.backup is not None and result.backup.exists()
    names = {m.name for m in roster.list_members(file_programme.db)}
    assert "阿依古丽·买买提" in names
    captain = roster.member_by_student_no(file_programme.db, "2024010101")
    assert captain.role == "captain"
    assert captain.phone == "13800000001"


def test_english_headers_in_another_order_and_full_width_digits(db, tmp_path):
    rows = [
        ["captain", "陈晓", "２０２４０１０１０１", "2024级保险学1班", "Qiming"],
        ["member", "林悦", "2024010102", "2024级保险学1班", "Qiming"],
        ["Member", "黄子轩", "2024010103", "2024级保险学1班", "Qiming"],
        ["MEMBER", "郑可", "2024010104", "2024级保险学1班", "Qiming"],
    ]
    path = _csv(tmp_path / "en.csv", rows, header="Role,Name,Student_No,Class,Team\n")
    plan = plan_import(db, path)
    assert plan.ok, plan.problem_lines("en")
    assert plan.teams[0].members[0].student_no == "2024010101"


def test_xlsx_keeps_numeric_student_numbers_exact(file_programme, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["班级", "队名", "姓名", "学号", "手机", "角色"])
    for n, role in enumerate(["队长", "队员", "队员", "队员", "替补", "替补"]):
        sheet.append(
            [
                "2023级金融学2班",
                "磐石队",
                f"学生{'甲乙丙丁戊己'[n]}",
                2023030201 + n,
                13900000000 + n,
                role,
            ]
        )
    path = tmp_path / "roster.xlsx"
    workbook.save(path)
    result = import_roster(file_programme, path)
    assert result.members_created == 6
    numbers = sorted(m.student_no for m in roster.list_members(file_programme.db))
    assert numbers[0] == "2023030201"
    assert roster.member_by_student_no(file_programme.db, "2023030206").phone == "13900000005"


def test_every_broken_rule_is_reported_with_its_row_and_nothing_written(file_programme, tmp_path):
    rows = [
        *CLEAN_ROWS,
        ["2024级保险学1班", "启明队", "何畅", "2024010106", "1380000", "队长"],  # row 7
        ["2024级保险学1班", "启明队", "", "2024010107", "", "替补"],  # row 8
        ["2024级精算1班", "远航队", "周宁", "2024010101", "", "队长"],  # row 9: duplicate
        ["2024级精算1班", "远航队", "马骁", "2024020102", "", "教练"],  # row 10
    ]
    path = _csv(tmp_path / "broken.csv", rows)
    before = _dump(file_programme.db)
    with pytest.raises(RosterImportRefused) as refused:
        import_roster(file_programme, path)
    lines = refused.value.plan.problem_lines("en")
    text = "\n".join(lines)
    assert 'broken.csv, row 7: the mobile number "1380000" should be 11 digits or blank' in text
    assert "broken.csv, row 8: the name is empty" in text
    assert "broken.csv, row 9: student number 2024010101 repeats row 2" in text
    assert 'broken.csv, row 10: unknown role "教练"' in text
    assert "too many members: 7" in text
    assert "2 captains" in text
    assert all(line.startswith("broken.csv, row ") for line in lines)
    assert _dump(file_programme.db) == before
    assert not list((file_programme.path.parent / "p.db.backups").glob("*before-import*"))


def test_a_student_already_registered_is_refused(db, tmp_path):
    path = _csv(tmp_path / "a.csv", CLEAN_ROWS)
    from outreach.storage import Programme

    import_roster(Programme(db, None), path)
    again = plan_import(db, path)
    assert not again.ok
    assert "already belongs to 陈晓" in again.problem_lines("en")[0]
    assert len(again.problems) == 5  # one per row, no double-counted team problems


def test_members_join_an_existing_team(db, tmp_path):
    from outreach.competition import editing
    from outreach.storage import Programme

    team_id = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    editing.add_member(db, team_id, "陈晓", "2024010101", role="captain")
    path = _csv(tmp_path / "more.csv", CLEAN_ROWS[1:])
    result = import_roster(Programme(db, None), path)
    assert (result.teams_created, result.members_created) == (0, 4)
    assert len(roster.list_members(db, team_id)) == 5


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("damaged.xlsx", b"PK\x03\x04 this is not really a zip", "cannot read the Excel file"),
        (
            "weird.csv",
            "班级,姓名,学号\n".encode("gb18030") + b"\x80\x80,\xff\xfe\x81\n",
            "unknown text encoding",
        ),
        ("noheader.csv", "2024级保险学1班,启明队,陈晓,2024010101\n".encode(), "missing"),
        ("empty.csv", b"", "the file is empty"),
        ("blank.csv", b"\n\n  \n", "the file is empty"),
        ("binary.csv", bytes(range(256)) * 4, "not a text table"),
        ("header_only.csv", HEADER.encode(), "there is a header but no members"),
    ],
)
def test_bad_files_give_a_clear_message_and_change_nothing(
    file_programme, tmp_path, name, content, expected
):
    path = tmp_path / name
    path.write_bytes(content)
    before = _dump(file_programme.db)
    plan = plan_import(file_programme.db, path)
    assert not plan.ok
    (line,) = plan.problem_lines("en")
    assert expected in line
    assert name in line
    with pytest.raises(RosterImportRefused):
        import_roster(file_programme, path)
    assert _dump(file_programme.db) == before


def test_a_50_mb_file_is_refused_before_reading(file_programme, tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as handle:
        handle.write(HEADER.encode())
        handle.truncate(50 * 1024 * 1024)
    plan = plan_import(file_programme.db, path)
    (line,) = plan.problem_lines("en")
    assert "huge.csv" in line and "50.0" in line
    assert _dump(file_programme.db) == (0, 0)


def test_cancel_while_writing_rolls_back(file_programme, tmp_path):
    path = _csv(tmp_path / "roster.csv", CLEAN_ROWS)
    progress = Progress()
    labels = []

    def step(done, total, label):
        labels.append(label)
        if label == "正在写入…":
            progress.cancel()

    progress._on_step = step
    with pytest.raises(Cancelled):
        import_roster(file_programme, path, progress)
    assert _dump(file_programme.db) == (0, 0)


def test_the_shared_sample_imports(file_programme):
    result = import_roster(file_programme, SAMPLE)
    assert (result.teams_created, result.members_created) == (2, 9)


def test_cli_import_dry_run_and_problems(tmp_path):
    db_path = tmp_path / "p.db"
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(db_path), "import", "roster", str(SAMPLE), "--dry-run"], out, err) == 0
    assert "9" in out.getvalue()
    # each team line says what its number is and whether the team is new ("启明队: 5" did not)
    assert (
        "2024级保险学1班 · 启明队：导入 5 人（新建队伍）" in out.getvalue()
        or "2024级保险学1班 · 启明队: 5 to import (new team)" in out.getvalue()
    )
    programme = open_programme(db_path)
    assert _dump(programme.db) == (0, 0)
    programme.close()

    broken = _csv(
        tmp_path / "broken.csv",
        [*CLEAN_ROWS, ["2024级保险学1班", "启明队", "何畅", "2024010106", "12", "队长"]],
    )
    out, err = io.StringIO(), io.StringIO()
    assert main(["--db", str(db_path), "import", "roster", str(broken)], out, err) == 1
    problem_lines = [
        line for line in err.getvalue().splitlines() if ", row " in line or "，第" in line
    ]
    assert problem_lines and all(line.startswith("broken.csv") for line in problem_lines)
    programme = open_programme(db_path)
    assert _dump(programme.db) == (0, 0)
    programme.close()

    out, err = io.StringIO(), io.StringIO()
    copy = tmp_path / "roster.csv"
    shutil.copy(SAMPLE, copy)
    assert main(["--db", str(db_path), "import", "roster", str(copy)], out, err) == 0
    programme = open_programme(db_path)
    assert _dump(programme.db) == (2, 9)
    programme.close()


ROLE_WORDS = {
    "captain": ["队长", "captain", "Captain"],
    "member": ["队员", "member"],
    "alternate": ["替补", "alternate"],
}
NAMES = ["陈晓", "阿依古丽·买买提", "林悦", "Anna Li", "欧阳娜娜", "张芳"]
# one way a valid roster can be broken, and whether the file is then still clean
CORRUPTIONS = [
    None,
    "duplicate_number",
    "second_captain",
    "no_captain",
    "bad_phone",
    "empty_name",
    "third_alternate",
    "fifth_starter",
]


@st.composite
def rosters(draw):
    """Valid class teams (captain, 3 starters, 0–2 alternates), then maybe one rule broken."""
    rows, number = [], 0
    for team_no in range(draw(st.integers(1, 3))):
        roles = ["captain", "member", "member", "member"]
        roles += ["alternate"] * draw(st.integers(0, 2))
        roles = draw(st.permutations(roles))
        for role in roles:
            number += 1
            rows.append(
                [
                    f"2024级保险学{team_no}班",
                    f"{team_no}队",
                    draw(st.sampled_from(NAMES)),
                    f"2024{number:06d}",
                    draw(st.sampled_from(["", "13800000001", "138 0000 0002", "+8613900000003"])),
                    draw(st.sampled_from(ROLE_WORDS[role])),
                ]
            )
    corruption = draw(st.sampled_from(CORRUPTIONS))
    target = draw(st.integers(0, len(rows) - 1))
    row = rows[target]
    if corruption == "duplicate_number":
        other = draw(st.integers(0, len(rows) - 1).filter(lambda i: i != target))
        rows[other][3] = row[3]
    elif corruption == "second_captain":
        rows.append([row[0], row[1], "新队长", "2099000001", "", "队长"])
    elif corruption == "no_captain":
        for other in rows:
            if other[0] == row[0] and other[5] in ROLE_WORDS["captain"]:
                other[5] = "队员"
    elif corruption == "bad_phone":
        row[4] = "1380000"
    elif corruption == "empty_name":
        row[2] = ""
    elif corruption in ("third_alternate", "fifth_starter"):
        role = "替补" if corruption == "third_alternate" else "队员"
        rows.append([row[0], row[1], "加一人", "2099000002", "", role])
    return rows, corruption


@settings(max_examples=40, deadline=None)
@given(rosters())
def test_generated_rosters_import_exactly_when_every_rule_holds(generated):
    from outreach.competition.rules import normalise_role, team_problems
    from outreach.storage import memory_programme

    rows, corruption = generated
    teams: dict[str, list[str]] = {}
    for row in rows:
        teams.setdefault(row[0], []).append(normalise_role(row[5]))
    numbers = [row[3] for row in rows]
    expected_ok = (
        all(not team_problems(roles) for roles in teams.values())
        and len(set(numbers)) == len(numbers)
        and all(row[2] for row in rows)
        and all(row[4] != "1380000" for row in rows)
    )
    if corruption is None:
        assert expected_ok  # the generator's valid rosters are valid by the rules too
    programme = memory_programme()
    with tempfile.TemporaryDirectory() as folder:
        path = _csv(Path(folder) / "gen.csv", rows)
        plan = plan_import(programme.db, path)
        assert plan.ok == expected_ok, (corruption, plan.problem_lines("en"))
        if expected_ok:
            result = import_roster(programme, path)
            assert result.members_created == len(rows)
            assert len(roster.list_teams(programme.db)) == len(teams)
        else:
            assert all(p.row for p in plan.problems)  # every problem names its row
            with pytest.raises(RosterImportRefused):
                import_roster(programme, path)
            assert _dump(programme.db) == (0, 0)
    programme.close()


def test_a_seventh_member_for_an_existing_team_names_its_row_and_team(db, tmp_path):
    from outreach.competition import editing

    team_id = editing.add_team(db, "2024级保险学1班", "启明队").focus_team_id
    for n, row in enumerate(CLEAN_ROWS):  # 5 already in the programme
        editing.add_member(db, team_id, row[2], row[3], role="captain" if n == 0 else "member")
    rows = [
        ["2024级保险学1班", "启明队", "张芳", "2024010106", "", "替补"],
        ["2024级保险学1班", "启明队", "王磊", "2024010107", "", "替补"],
    ]
    plan = plan_import(db, _csv(tmp_path / "more.csv", rows))
    assert not plan.ok
    lines = plan.problem_lines("en")
    assert any(
        line.startswith("more.csv, row 3: 2024级保险学1班 · 启明队: too many members: 7")
        for line in lines
    ), lines
    with pytest.raises(RosterImportRefused):
        from outreach.storage import Programme

        import_roster(Programme(db, None), tmp_path / "more.csv")
    assert len(roster.list_members(db, team_id)) == 5


def test_student_numbers_in_a_file_compare_without_regard_to_case(db, tmp_path):
    from outreach.competition import editing

    team_id = editing.add_team(db, "2024级保险学2班", "晨光队").focus_team_id
    editing.add_member(db, team_id, "张芳", "2024A0201")
    rows = [list(r) for r in CLEAN_ROWS]
    rows[1][3] = "2024a0201"  # 张芳 again, in lower case
    rows[2][3] = "2024010A3"
    rows[4][3] = "2024010a3"  # the row above in another case
    plan = plan_import(db, _csv(tmp_path / "case.csv", rows))
    lines = plan.problem_lines("en")
    assert any("row 3" in line and "2024A0201" in line and "张芳" in line for line in lines), lines
    assert any("row 6" in line and "2024010A3" in line for line in lines), lines
