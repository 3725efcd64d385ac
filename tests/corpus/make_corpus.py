"""Generates the broken-input corpus (run once; outputs are committed)."""

import json
import random
from pathlib import Path

import openpyxl

root = Path(__file__).resolve().parent
for sub in ("roster", "questions", "answers", "bundles"):
    (root / sub).mkdir(parents=True, exist_ok=True)


def w(rel, data):
    p = root / rel
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))


rng = random.Random(9)
garbage = bytes(rng.randrange(256) for _ in range(3000))
HEAD = "班级,队名,姓名,学号,手机,角色\n"
TEAM = [
    "2026级精算9班,守望队,陈晓,2026090901,13800000001,队长",
    "2026级精算9班,守望队,林悦,2026090902,13800000002,队员",
    "2026级精算9班,守望队,黄子轩,2026090903,,队员",
    "2026级精算9班,守望队,郑可,2026090904,13800000004,队员",
]

# roster
w("roster/empty.csv", b"")
w("roster/header_only.csv", HEAD)
w("roster/wrong_headers.csv", "编号,学生,电话\n1,陈晓,13800000001\n")
w("roster/binary_garbage.csv", garbage)
w("roster/pdf_renamed.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\x00\x00trailer")
w(
    "roster/invalid_encoding.csv",
    (HEAD + "2026级精算9班,守望队,").encode("utf-8") + b"\xff\xfe\x80\x81\xff,2026090901,,\xd5\n",
)
w("roster/two_captains.csv", HEAD + "\n".join(TEAM).replace("队员", "队长", 1) + "\n")
w(
    "roster/duplicate_student_no.csv",
    HEAD + "\n".join(TEAM).replace("2026090902", "2026090901") + "\n",
)
w(
    "roster/team_too_big.csv",
    HEAD
    + "\n".join(
        TEAM + [f"2026级精算9班,守望队,替补{'甲乙丙'[i]},202609099{i},,替补" for i in range(3)]
    )
    + "\n",
)
w("roster/missing_name.csv", HEAD + "\n".join(TEAM).replace("林悦", "") + "\n")
w("roster/bad_phone.csv", HEAD + "\n".join(TEAM).replace("13800000004", "12345") + "\n")
w(
    "roster/unknown_role.csv",
    HEAD + "\n".join(TEAM).replace("黄子轩,2026090903,,队员", "黄子轩,2026090903,,教练") + "\n",
)
w("roster/unterminated_quote.csv", HEAD + '2024级保险学1班,"启明队,陈晓,2026090901,,队长\n' * 3)
w("roster/zip_renamed.xlsx", b"PK\x03\x04" + garbage[:500])
w("roster/text_renamed.xlsx", HEAD + "\n".join(TEAM))
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["班级", "队名", "姓名", "学号", "手机", "角色"])
for line in TEAM:
    ws.append(line.split(","))
ws["C3"] = '=HYPERLINK("http://evil.example","林悦")'
ws["D4"] = "=2026090900+3"
wb.save(root / "roster/formula_cells.xlsx")
good_xlsx = (root / "roster/formula_cells.xlsx").read_bytes()
w("roster/truncated.xlsx", good_xlsx[: len(good_xlsx) // 2])

# questions
Q = "1、保险合同成立后，投保人一般可以解除合同。这体现了保险合同的（ ）。\nA. 双务性\nB. 附和性\nC. 投保人单方解除权\nD. 射幸性\n"
w("questions/empty.txt", b"")
w("questions/no_answer.txt", Q + "【解析】：略\n")
w("questions/answer_not_in_options.txt", Q + "【答案】：F\n")
w(
    "questions/duplicate_question.txt",
    Q + "【答案】：C\n\n" + Q.replace("1、", "2、") + "【答案】：C\n",
)
w("questions/empty_option.txt", Q.replace("B. 附和性", "B. ") + "【答案】：C\n")
w("questions/binary_garbage.txt", garbage)
w("questions/invalid_encoding.txt", Q.encode("utf-8")[:40] + b"\xff\xfe\x80\xff\x81\n")
w("questions/no_questions_at_all.txt", "这是一份会议纪要，不是题库。\n第二行。\n")
w("questions/wrong_headers.csv", "编号,内容\n1,保险是什么\n")
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["题型", "题干", "A", "B", "C", "D", "答案", "解析"])
ws.append(["单选", "=1+1", "双务性", "附和性", "解除权", "射幸性", "C", ""])
ws.append(
    ["单选", "保险的基本职能是（ ）", '=HYPERLINK("x","分散风险")', "储蓄", "投资", "借贷", "A", ""]
)
wb.save(root / "questions/formula_cells.xlsx")
w("questions/zip_renamed.xlsx", b"PK\x03\x04" + garbage[:800])

# answers
AHEAD = "学号,试卷,答案\n"
w("answers/empty.csv", b"")
w("answers/wrong_headers.csv", "学生,分数\n陈晓,90\n")
w("answers/unknown_student.csv", AHEAD + "9999999999,A,ABCDABCDABCDABCDABCDABCDABCDA\n")
w("answers/unknown_version.csv", AHEAD + "2024010101,Z,ABCDABCDABCDABCDABCDABCDABCDA\n")
w("answers/bad_letters.csv", AHEAD + "2024010101,A,XYZ?!\n")
w("answers/binary_garbage.csv", garbage[::-1])
wb = openpyxl.Workbook()
ws = wb.active
ws.append(["学号", "试卷", "答案"])
ws.append(["2024010101", "A", '=CONCAT("A","B")'])
wb.save(root / "answers/formula_cells.xlsx")

# bundles
w("bundles/empty.json", b"")
w("bundles/garbage.json", garbage)
w(
    "bundles/truncated.json",
    '{"format": "outreach-desk-bundle", "version": 1, "migrations": [], "tables": {"teams": {"columns": ["id"',
)
w(
    "bundles/not_a_bundle.json",
    json.dumps({"name": "某个别的 JSON 文件", "items": [1, 2, 3]}, ensure_ascii=False),
)
w(
    "bundles/newer_format.json",
    json.dumps({"format": "outreach-desk-bundle", "version": 7, "migrations": [], "tables": {}}),
)
w(
    "bundles/row_wrong_length.json",
    json.dumps(
        {
            "format": "outreach-desk-bundle",
            "version": 1,
            "migrations": [],
            "tables": {
                "teams": {
                    "columns": ["id", "class_name", "name"],
                    "key": ["id"],
                    "rows": [["t1", "2024级保险学1班"]],
                }
            },
        },
        ensure_ascii=False,
    ),
)
w(
    "bundles/from_newer_program.json",
    json.dumps(
        {
            "format": "outreach-desk-bundle",
            "version": 1,
            "migrations": [
                ["core", "0001_programme_info"],
                ["competition", "9999_from_the_future"],
            ],
            "tables": {},
        }
    ),
)
w("bundles/utf16.json", json.dumps({"format": "outreach-desk-bundle"}).encode("utf-16"))
print(sum(1 for _ in root.rglob("*.*")))
