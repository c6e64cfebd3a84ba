#!/usr/bin/env python3
"""Fill copies of a procspec response form with openpyxl, as bidders' tools would.

usage: fill.py FORM.xlsx OUT_DIR COUNT [SEED]

Each copy gets its own bidder name and answers drawn (seeded, so reruns give the same files)
from the spellings bidders really type: mostly comply (○, 〇, 対応可, はい, " ○ "), some partial,
non-comply, not applicable and blank, with explanations and document references on most rows.
Rows are found by the id in column A, as a bidder's macro would find them. The form is loaded
once per worker process and saved once per bidder.
"""
import multiprocessing
import os
import random
import re
import sys
import unicodedata

import openpyxl

FORM_SHEET = "回答書"
ID = re.compile(r"^\d+(\.\d+)+\.?$")
COMPLY = ["○", "○", "○", "○", "〇", "対応可", "はい", " ○ "]
OTHER = [("△", 5), ("一部対応", 1), ("×", 3), ("不可", 1), ("－", 3), ("該当なし", 1), ("", 4)]


def answer(rng):
    if rng.random() < 0.82:
        return rng.choice(COMPLY)
    total = sum(w for _, w in OTHER)
    pick = rng.uniform(0, total)
    for text, weight in OTHER:
        pick -= weight
        if pick <= 0:
            return text
    return OTHER[-1][0]


def fill(args):
    form, out_dir, first, last, seed = args
    wb = openpyxl.load_workbook(form)
    ws = wb[FORM_SHEET]
    rows = []
    for row in ws.iter_rows(min_row=9):
        cell = row[0].value
        if isinstance(cell, str) and ID.match(unicodedata.normalize("NFKC", cell).strip()):
            rows.append(row)
    for i in range(first, last):
        rng = random.Random(seed * 1_000_003 + i)
        ws["C3"] = f"株式会社ベンチマーク{i:04d}"
        ws["C4"] = f"代表取締役 試験 太郎{i}"
        ws["C5"] = f"営業部 担当{i}（電話 000-0000-{i:04d}）"
        ws["C6"] = "2027-01-10"
        for row in rows:
            a = answer(rng)
            row[4].value = a or None
            explained = a and rng.random() < 0.7
            row[5].value = f"別紙{rng.randint(1, 9)}のとおり対応します。" if explained else None
            row[6].value = f"提案書 {rng.randint(1, 120)}頁" if a and rng.random() < 0.4 else None
        wb.save(os.path.join(out_dir, f"bidder-{i:04d}.xlsx"))
    return last - first


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    form, out_dir, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    os.makedirs(out_dir, exist_ok=True)
    workers = max(1, min(os.cpu_count() or 1, count))
    step = (count + workers - 1) // workers
    jobs = [(form, out_dir, a, min(a + step, count), seed) for a in range(0, count, step)]
    with multiprocessing.Pool(workers) as pool:
        done = sum(pool.map(fill, jobs))
    print(f"{out_dir}: {done} forms filled with openpyxl {openpyxl.__version__}")


if __name__ == "__main__":
    main()
