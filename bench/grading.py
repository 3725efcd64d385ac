"""Grading speed: 2,000 answer sheets of a 50-question exam (30 single, 10 multiple, 10
true/false, two versions, partial credit on), through the same code the window and the
command line use.

Measured in the same run:
- baseline: read the 2,000 stored answer strings and count matches against the key with a bare
  Python loop (the least any grader has to do);
- parse: checking 2,000 typed answer strings as the entry grid does (live check + save form);
- grade: ``person_results`` end to end (read sheets, regrade every sheet, rank with ties).

Ends with ``grading: <ratio>x (target <= N x) PASS|FAIL`` (grade time per sheet against the
baseline's); the absolute time per sheet is printed above it with its own target.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from outreach.exam.answers import _upsert, format_answers, parse_answers  # noqa: E402
from outreach.exam.exams import Exam, save_exam, set_exam_questions  # noqa: E402
from outreach.exam.grading import split_canonical  # noqa: E402
from outreach.exam.papers import make_versions, papers  # noqa: E402
from outreach.exam.questions import Question, add_questions  # noqa: E402
from outreach.exam.results import person_results  # noqa: E402
from outreach.storage import memory_programme, new_id  # noqa: E402
from outreach.storage.database import now_iso  # noqa: E402

SHEETS = 2000
TARGET_RATIO = 10.0  # grading end to end vs. a bare compare loop (measured ~4x)
TARGET_US_PER_SHEET = 1000.0  # 200 sheets must grade well inside a blink


def build(seed: int = 7):
    rng = random.Random(seed)
    programme = memory_programme()
    db = programme.db
    questions = []
    for i in range(30):
        questions.append(
            Question("", "single", f"单选题 {i}", ["甲", "乙", "丙", "丁"], "ABCD"[i % 4])
        )
    for i in range(10):
        questions.append(
            Question(
                "",
                "multiple",
                f"多选题 {i}",
                ["甲", "乙", "丙", "丁"],
                ["AC", "ABD", "BCD", "AD"][i % 4],
            )
        )
    for i in range(10):
        questions.append(Question("", "truefalse", f"判断题 {i}", [], "对" if i % 2 else "错"))
    added = add_questions(db, questions)
    exam = save_exam(db, Exam("", "基准", multiple_mode="partial", partial_points=2))
    set_exam_questions(db, exam.id, [q.id for q in added])
    make_versions(db, exam.id, 2)
    versions = papers(db, exam.id)
    typed = []
    with db.atomic():
        for t in range(SHEETS // 5):
            team_id = new_id()
            db["teams"].insert(
                {"id": team_id, "class_name": f"班{t}", "name": f"队{t}", "created_at": now_iso()}
            )
            for k in range(5):
                member_id = new_id()
                db["members"].insert(
                    {
                        "id": member_id,
                        "team_id": team_id,
                        "name": f"学生{t}-{k}",
                        "student_no": f"{t:04d}{k}",
                        "class_name": f"班{t}",
                        "role": "captain" if k == 0 else "member",
                        "created_at": now_iso(),
                    }
                )
                letter = "AB"[(t + k) % 2]
                items = versions[letter].items
                responses = []
                for item in items:
                    if rng.random() < 0.7:
                        responses.append(item.key)
                    elif item.kind == "truefalse":
                        responses.append("错" if item.key == "对" else "对")
                    else:
                        responses.append(rng.choice("ABCD"))
                typed.append((letter, format_answers(items, responses)))
                _upsert(
                    db, exam.id, member_id, letter, " ".join(r or "-" for r in responses), "bench"
                )
    return programme, exam, versions, typed


def baseline(db, exam_id: str, versions) -> float:
    keys = {letter: [item.key for item in version.items] for letter, version in versions.items()}
    start = time.perf_counter()
    rows = db.execute(
        "SELECT version, answers FROM answer_sheets WHERE exam_id = ?", [exam_id]
    ).fetchall()
    total = 0
    for letter, answers in rows:
        key = keys[letter]
        total += sum(
            1
            for given, expected in zip(split_canonical(answers), key, strict=True)
            if given == expected
        )
    elapsed = time.perf_counter() - start
    assert total > 0
    return elapsed


def main() -> int:
    programme, exam, versions, typed = build()
    db = programme.db
    base, parse, grade = [], [], []
    for _ in range(5):
        base.append(baseline(db, exam.id, versions))
        start = time.perf_counter()
        for letter, text in typed:
            parsed = parse_answers(versions[letter].items, text)
            assert parsed.ok
        parse.append(time.perf_counter() - start)
        start = time.perf_counter()
        results = person_results(db, exam.id)
        grade.append(time.perf_counter() - start)
        assert len(results) == SHEETS
    best_base, best_parse, best_grade = min(base), min(parse), min(grade)
    per = lambda seconds: seconds / SHEETS * 1e6  # noqa: E731
    print(f"sheets: {SHEETS}, questions: 50 (30 single, 10 multiple, 10 true/false), 2 versions")
    print(f"baseline (read + bare compare loop): {per(best_base):.1f} us/sheet")
    print(f"parse typed answer strings (entry check): {per(best_parse):.1f} us/sheet")
    print(f"grade + rank (person_results end to end): {per(best_grade):.1f} us/sheet")
    absolute_ok = per(best_grade) <= TARGET_US_PER_SHEET
    print(
        f"absolute: {per(best_grade):.1f} us/sheet (target <= {TARGET_US_PER_SHEET:g} us/sheet) "
        f"{'PASS' if absolute_ok else 'FAIL'}"
    )
    ratio = best_grade / best_base
    passed = ratio <= TARGET_RATIO and absolute_ok
    print(f"grading: {ratio:.1f}x (target <= {TARGET_RATIO:g}x) {'PASS' if passed else 'FAIL'}")
    programme.close()
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
