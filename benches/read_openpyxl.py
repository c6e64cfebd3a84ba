#!/usr/bin/env python3
"""The buyer's alternative to `procspec grade`: an openpyxl script reading the returned forms.

usage: read_openpyxl.py [--read-only] DIR

It reads what procspec reads, as a buyer would write it: `openpyxl.load_workbook(path)` (the
default mode; `--read-only` passes read_only=True, openpyxl's streaming mode, which a buyer who
knows openpyxl well might use), then the bidder fields (C3:C6), every requirement row of the
form sheet (id, text, answer, explanation, reference) and the hidden sheet's fingerprint and
issued rows. It tallies the answers so that the work is not skipped; it does not grade.
"""
import os
import re
import sys
import unicodedata

import openpyxl

ID = re.compile(r"^\d+(\.\d+)+\.?$")


def read(path, read_only):
    wb = openpyxl.load_workbook(path, read_only=read_only)
    ws = wb["回答書"]
    bidder = [ws.cell(row=r, column=3).value for r in range(3, 7)]
    answers = {}
    for row in ws.iter_rows(min_row=9, max_col=7, values_only=True):
        first = row[0]
        if isinstance(first, str):
            key = unicodedata.normalize("NFKC", first).strip().rstrip(".")
            if ID.match(key):
                answers[key] = (row[2], row[4], row[5], row[6])
    hidden = wb["procspec"]
    fingerprint = None
    issued = 0
    for row in hidden.iter_rows(values_only=True):
        if row and row[0] == "fingerprint":
            fingerprint = row[1]
        elif row and len(row) > 3 and isinstance(row[3], str) and len(row[3]) == 64:
            issued += 1
    wb.close()
    return bidder, answers, fingerprint, issued


def main():
    args = [a for a in sys.argv[1:] if a != "--read-only"]
    read_only = "--read-only" in sys.argv[1:]
    if len(args) != 1:
        sys.exit(__doc__)
    files = sorted(f for f in os.listdir(args[0]) if f.endswith(".xlsx"))
    rows = comply = 0
    for name in files:
        bidder, answers, fingerprint, issued = read(os.path.join(args[0], name), read_only)
        assert bidder[0] and fingerprint and issued == len(answers), name
        rows += len(answers)
        comply += sum(1 for a in answers.values() if a[1] and a[1].strip() in ("○", "〇"))
    mode = "read_only" if read_only else "default"
    print(f"openpyxl {openpyxl.__version__} ({mode}): {len(files)} files, {rows} rows, {comply} ○")


if __name__ == "__main__":
    main()
