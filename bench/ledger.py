"""Stock balances: ``balances(db)`` for 200 items over 100,000 movements (issue 8: <= 50 ms).

The baseline, measured in the same run, is the obvious alternative: read every movement and
replay it in Python. The database is a real WAL file with the program's schema and indexes.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from outreach.inventory.ledger import balances  # noqa: E402
from outreach.storage import open_programme  # noqa: E402
from outreach.storage.database import new_id  # noqa: E402

ITEMS = 200
MOVEMENTS = 100_000
RUNS = 15
TARGET_MS = 50.0


def fill(db) -> dict[str, int]:
    rng = random.Random(8)
    item_ids = [new_id() for _ in range(ITEMS)]
    db["inventory_items"].insert_all(
        {
            "id": item_id,
            "name": f"物品 {n:03d}",
            "kind": "flyers",
            "unit": "张",
            "low_stock_level": 50,
            "notes": "",
            "created_at": "2026-01-01T00:00:00",
        }
        for n, item_id in enumerate(item_ids)
    )
    on_hand = dict.fromkeys(item_ids, 0)
    rows = []
    for n in range(MOVEMENTS):
        item_id = rng.choice(item_ids)
        if on_hand[item_id] < 50 or rng.random() < 0.2:
            kind, quantity = "received", rng.randint(100, 500)
            delta = quantity
        else:
            kind, quantity = "issued", rng.randint(1, min(on_hand[item_id], 80))
            delta = -quantity
        on_hand[item_id] += delta
        rows.append(
            {
                "id": new_id(),
                "item_id": item_id,
                "kind": kind,
                "quantity": quantity,
                "delta": delta,
                "date": f"2026-{1 + n * 12 // MOVEMENTS:02d}-15",
                "event_id": None,
                "reason": "",
                "reverses": None,
                "created_at": "2026-01-01T00:00:00",
            }
        )
    with db.atomic():
        db["stock_movements"].insert_all(rows, batch_size=5000)
    db.execute("ANALYZE")
    return on_hand


def replay_in_python(db) -> dict[str, int]:
    result: dict[str, int] = {}
    for item_id, delta in db.execute("SELECT item_id, delta FROM stock_movements ORDER BY rowid"):
        result[item_id] = result.get(item_id, 0) + delta
    return result


def median_ms(function, db) -> tuple[float, dict]:
    times, result = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        result = function(db)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        programme = open_programme(Path(folder) / "bench.db", backup_on_open=False)
        try:
            expected = fill(programme.db)
            baseline_ms, replayed = median_ms(replay_in_python, programme.db)
            measured_ms, computed = median_ms(balances, programme.db)
        finally:
            programme.close()
    assert computed == expected == replayed, "balances disagree with the replayed ledger"
    print(f"items: {ITEMS}, movements: {MOVEMENTS:,}, median of {RUNS} runs")
    print(f"baseline (replay every movement in Python): {baseline_ms:.1f} ms")
    print(f"balances(db) (SQL sum over the covering index): {measured_ms:.1f} ms")
    print(f"speed-up against the baseline: {baseline_ms / measured_ms:.1f}x")
    verdict = "PASS" if measured_ms <= TARGET_MS else "FAIL"
    print(f"ledger: {measured_ms:.1f} ms (target <= {TARGET_MS:g} ms) {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
