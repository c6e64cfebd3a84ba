#!/usr/bin/env python3
"""Fills response forms written by `procspec build`, as a bidder (or a bidder's macro) would.

Run: fill_forms.py PLAN.json

PLAN.json is a list of
  {"src": FORM, "dst": OUT, "bidder": {"C3": name, "C4": representative, ...},
   "answers": {"1.14": [answer, explanation, reference], ...}}
Rows are found by the id in column A of the sheet 回答書; the answer, explanation and reference
are columns E, F and G. Every value is written as a *string* cell, even one starting with `=`:
openpyxl would otherwise store `=HYPERLINK(...)` as a formula, and the point of the hostile
forms is text that merely looks like a formula (what Excel keeps when a bidder types a leading
apostrophe).

openpyxl cuts a string at Excel's 32,767 characters per cell, so longer texts are written as a
marker and put in afterwards: `"replace": {"MARKER": text}` replaces MARKER in every XML part of
the saved workbook (a crafted file, or one saved by a program that does not enforce the limit).
"""
import json
import shutil
import sys
import unicodedata
import zipfile

import openpyxl


def put(cell, value):
    cell.value = value if value != "" else None
    if isinstance(value, str) and value:
        cell.data_type = "s"


for plan in json.load(open(sys.argv[1], encoding="utf-8")):
    wb = openpyxl.load_workbook(plan["src"])
    ws = wb["回答書"]
    for ref, value in plan.get("bidder", {}).items():
        put(ws[ref], value)
    rows = {}
    for row in ws.iter_rows():
        cell = row[0].value
        if isinstance(cell, str):
            rows[unicodedata.normalize("NFKC", cell).strip().rstrip(".")] = row
    for key, (answer, explanation, reference) in plan.get("answers", {}).items():
        row = rows[key]
        put(row[4], answer)
        put(row[5], explanation)
        put(row[6], reference)
    wb.save(plan["dst"])
    if plan.get("replace"):
        tmp = plan["dst"] + ".tmp"
        with zipfile.ZipFile(plan["dst"]) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                if info.filename.endswith(".xml"):
                    text = data.decode("utf-8")
                    for marker, value in plan["replace"].items():
                        text = text.replace(marker, value)
                    data = text.encode("utf-8")
                dst.writestr(info, data)
        shutil.move(tmp, plan["dst"])
