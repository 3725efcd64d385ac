"""Kill safety (DESIGN.md §5): a process killed with SIGKILL in the middle of a large import or
of a live final loses nothing that was confirmed, half-writes nothing, and the file passes
``check`` on reopening."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from outreach.checks import run_checks
from outreach.storage import open_programme

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚"


def write_big_roster(path: Path, teams: int) -> int:
    lines = ["班级,队名,姓名,学号,手机,角色"]
    for t in range(teams):
        klass = f"2025级第{t:04d}班"
        for m in range(5):
            name = SURNAMES[(t + m) % 20] + GIVEN[(t * 5 + m) % 20] + GIVEN[m]
            role = "队长" if m == 0 else ("替补" if m == 4 else "队员")
            lines.append(f"{klass},队{t},{name},25{t:05d}{m},139{t:05d}{m:03d},{role}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return teams * 5


def spawn(script: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def kill(child: subprocess.Popen) -> None:
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL


def counts(path: Path) -> tuple[int, int]:
    programme = open_programme(path, lock=True)  # also recovers the killed process's lock
    try:
        assert run_checks(programme.db) == []
        teams = programme.db.execute("SELECT count(*) FROM teams").fetchone()[0]
        members = programme.db.execute("SELECT count(*) FROM members").fetchone()[0]
        return teams, members
    finally:
        programme.close()


IMPORT_SCRIPT = """
import sys
from outreach.competition.roster_import import import_roster
from outreach.progress import Progress
from outreach.storage import open_programme

def step(done, total, label):
    print("step", done, total, flush=True)
    if done > 0 and done < total:
        sys.stdin.readline()  # wait here, inside the import's transaction, to be killed

programme = open_programme(sys.argv[1] if len(sys.argv) > 1 else {db!r}, lock=True)
result = import_roster(programme, {roster!r}, Progress(step))
print("done", result.members_created, flush=True)
"""


def test_import_killed_midway_leaves_none_of_it_then_completes_whole(tmp_path):
    db, roster = tmp_path / "p.db", tmp_path / "big_roster.csv"
    open_programme(db).close()
    expected = write_big_roster(roster, teams=600)
    child = spawn(IMPORT_SCRIPT.format(db=str(db), roster=str(roster)))
    try:
        for line in child.stdout:
            parts = line.split()
            if parts[0] == "step" and 0 < int(parts[1]) < int(parts[2]):
                break  # rows are being written, not yet committed
        else:
            pytest.fail(f"the import never reached the writing step: {child.stderr.read()}")
        kill(child)
    finally:
        if child.poll() is None:
            child.kill()
    assert counts(db) == (0, 0)  # none of it
    # and the same import run to the end keeps all of it
    finisher = spawn(IMPORT_SCRIPT.format(db=str(db), roster=str(roster)))
    out, err = finisher.communicate("\n" * 20, timeout=60)
    assert finisher.returncode == 0, err
    assert f"done {expected}" in out
    assert counts(db) == (600, expected)


def test_import_command_killed_at_any_moment_is_all_or_nothing(tmp_path):
    db, roster = tmp_path / "p.db", tmp_path / "roster.csv"
    open_programme(db).close()
    expected = write_big_roster(roster, teams=400)
    child = subprocess.Popen(
        [sys.executable, "main.py", "--db", str(db), "import", "roster", str(roster)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wal = db.with_name(db.name + "-wal")
    start = wal.stat().st_size if wal.exists() else 0
    # kill as soon as the import has started writing (the WAL grows), whatever the moment
    while not wal.exists() or wal.stat().st_size <= start + 4096:
        try:
            child.wait(timeout=0.005)
            break  # it finished before we saw it write
        except subprocess.TimeoutExpired:
            continue
    if child.poll() is None:
        kill(child)
    teams, members = counts(db)
    assert (teams, members) in ((0, 0), (400, expected))


FINAL_SCRIPT = """
import sys
from outreach.final.finals import list_finals, list_final_teams
from outreach.final.live import Live
from outreach.storage import open_programme

programme = open_programme({db!r}, lock=True)
final = list_finals(programme.db)[0]
teams = [t.team_id for t in list_final_teams(programme.db, final.id)]
live = Live.open(programme.db, final.id)
i = 0
while True:
    i += 1
    team = teams[i % len(teams)]
    (event,) = live.correct(team, 10 if i % 3 else -10, f"kill-test {{i}}")
    print("confirmed", event.id, flush=True)
"""


def test_live_final_killed_keeps_every_confirmed_score_event(tmp_path):
    from outreach.cli import main

    db = tmp_path / "final.db"
    assert main(["--db", str(db), "demo"], stdout=io.StringIO()) == 0
    child = spawn(FINAL_SCRIPT.format(db=str(db)))
    confirmed: list[str] = []
    try:
        for line in child.stdout:
            if line.startswith("confirmed"):
                confirmed.append(line.split()[1])
            if len(confirmed) == 60:
                break
        kill(child)  # in the middle of the next score event
    finally:
        if child.poll() is None:
            child.kill()
    assert len(confirmed) == 60, child.stderr.read()
    programme = open_programme(db, lock=True)
    try:
        assert run_checks(programme.db) == []
        logged = [
            row[0]
            for row in programme.db.execute(
                "SELECT id FROM final_events WHERE reason LIKE 'kill-test %' ORDER BY seq"
            )
        ]
        assert logged[: len(confirmed)] == confirmed  # every confirmed event, in order
        # The child may commit a few more before the kill lands (its lines wait in the pipe);
        # those are whole events too, never a half-written one.
        assert len(set(logged)) == len(logged)
        from outreach.final.finals import list_finals
        from outreach.final.standings import final_standings

        final = list_finals(programme.db)[0]
        standings = final_standings(programme.db, final.id)
        assert standings, "the log replays after the kill"
    finally:
        programme.close()
