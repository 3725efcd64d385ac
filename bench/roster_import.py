"""Importing a 5,000-member roster XLSX, against openpyxl's read-only read of the same file.

The import reads the sheet (through ``outreach.spreadsheets.read_table``), checks every rule,
takes the "before-import" backup and writes the teams and members in one transaction; the
baseline only reads every cell of the same file with openpyxl in read-only mode. Both run in
this process on the same file; the median of several runs is compared.

    .venv/bin/python bench/roster_import.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook, load_workbook  # noqa: E402

MEMBERS = 5000
RUNS = 5
TARGET = 2.0
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉晨宇轩浩然欣怡梓涵子墨雨桐思远嘉怡"
ROLES = ["队长", "队员", "队员", "队员", "替补"]


def write_roster(path: Path, members: int = MEMBERS) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["班级", "队名", "姓名", "学号", "手机", "角色"])
    for n in range(members):
        team = n // len(ROLES)
        name = (
            SURNAMES[n % len(SURNAMES)] + GIVEN[(n * 7) % len(GIVEN)] + GIVEN[(n * 13) % len(GIVEN)]
        )
        if n % 97 == 0:
            name = "阿依古丽·买买提"
        phone = "" if n % 6 == 0 else 13800000000 + n  # Excel numbers, as people type them
        sheet.append(
            [
                f"{2021 + team % 4}级保险学{team}班",
                f"第{team}队",
                name,
                2024000000 + n,  # a numeric cell: must stay exact
                phone,
                ROLES[n % len(ROLES)],
            ]
        )
    workbook.save(path)


def openpyxl_read(path: Path) -> int:
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        return sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()


def import_into_new_programme(path: Path, folder: Path, run: int) -> tuple[float, int]:
    from outreach.competition.roster_import import import_roster
    from outreach.storage import open_programme

    programme = open_programme(folder / f"bench-{run}.db")
    try:
        start = time.perf_counter()
        result = import_roster(programme, path)
        elapsed = time.perf_counter() - start
    finally:
        programme.close()
    return elapsed, result.members_created


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="roster-bench-") as tmp:
        folder = Path(tmp)
        os.environ["OUTREACH_DATA_DIR"] = str(folder / "data")
        path = folder / "roster-5000.xlsx"
        write_roster(path)
        openpyxl_read(path)  # warm the file cache and imports
        import_into_new_programme(path, folder, -1)
        baseline, imported = [], []
        for run in range(RUNS):
            start = time.perf_counter()
            rows = openpyxl_read(path)
            baseline.append(time.perf_counter() - start)
            elapsed, members = import_into_new_programme(path, folder, run)
            imported.append(elapsed)
        assert members == MEMBERS and rows == MEMBERS + 1, (members, rows)
        base_s, import_s = statistics.median(baseline), statistics.median(imported)
    ratio = import_s / base_s
    print(
        f"openpyxl read-only read of {MEMBERS} rows: median {base_s * 1000:.0f} ms over {RUNS} runs"
    )
    print(
        f"import roster (read, check, backup, write {MEMBERS} members): median {import_s * 1000:.0f} ms"
    )
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"roster_import: {ratio:.2f}x (target <= {TARGET:g}x) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
