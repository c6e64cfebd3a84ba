#!/usr/bin/env python3
"""python-calamine (Rust calamine from Python) reading the same cells as read_openpyxl.py.

usage: read_calamine.py DIR
"""
import os
import re
import sys
import unicodedata

from python_calamine import CalamineWorkbook

ID = re.compile(r"^\d+(\.\d+)+\.?$")


def read(path):
    wb = CalamineWorkbook.from_path(path)
    cells = wb.get_sheet_by_name("回答書").to_python(skip_empty_area=False)
    bidder = [cells[r][2] if len(cells[r]) > 2 else None for r in range(2, 6)]
    answers = {}
    for row in cells[8:]:
        first = row[0] if row else None
        if isinstance(first, str):
            key = unicodedata.normalize("NFKC", first).strip().rstrip(".")
            if ID.match(key):
                answers[key] = (row[2], row[4], row[5], row[6])
    fingerprint = None
    issued = 0
    for row in wb.get_sheet_by_name("procspec").to_python(skip_empty_area=False):
        if row and row[0] == "fingerprint":
            fingerprint = row[1]
        elif len(row) > 3 and isinstance(row[3], str) and len(row[3]) == 64:
            issued += 1
    wb.close()
    return bidder, answers, fingerprint, issued


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    files = sorted(f for f in os.listdir(sys.argv[1]) if f.endswith(".xlsx"))
    rows = comply = 0
    for name in files:
        bidder, answers, fingerprint, issued = read(os.path.join(sys.argv[1], name))
        assert bidder[0] and fingerprint and issued == len(answers), name
        rows += len(answers)
        comply += sum(1 for a in answers.values() if a[1] and a[1].strip() in ("○", "〇"))
    print(f"python-calamine: {len(files)} files, {rows} rows, {comply} ○")


if __name__ == "__main__":
    main()
