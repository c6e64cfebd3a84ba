#!/usr/bin/env bash
# Writes the seed corpora of the fuzz targets into fuzz/seeds/<target>/ (not committed; run it
# again after the form layout changes). Everything is made from the sample procurement:
#   - the sample table (input/requirements.md) as Markdown, also CRLF, Shift_JIS and with a BOM;
#     the Markdown spec procspec renders from it;
#   - the sample table written as .xlsx by openpyxl (title and section rows merged, as an officer
#     keeps it in Excel), and LibreOffice's .ods and .xls of it;
#   - the response form `procspec build` writes (form.xlsx), filled with answers by openpyxl,
#     and LibreOffice's .ods and .xls of both;
#   - for form_xml: each entry of form.xlsx, prefixed with its index in the zip.
# Needs: cargo, python3 with openpyxl, soffice (LibreOffice).
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$fuzz")"
seeds="$fuzz/seeds"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

rm -rf "$seeds"
mkdir -p "$seeds"/{catalog_markdown,catalog_sheet,response,form_xml}

cargo build --quiet --manifest-path "$repo/Cargo.toml"
mkdir -p "$work/proc/input"
cp "$repo/procspec.toml" "$work/proc/"
cp "$repo/input/requirements.md" "$work/proc/input/"
(cd "$work/proc" && "$repo/target/debug/procspec" build >/dev/null)

python3 - "$repo/input/requirements.md" "$work/proc/output" "$seeds" "$work" <<'PY'
import os, re, sys, zipfile, openpyxl
md, built, seeds, work = sys.argv[1:]
text = open(md, encoding="utf-8").read()

def put(target, name, data):
    with open(os.path.join(seeds, target, name), "wb") as f:
        f.write(data)

put("catalog_markdown", "requirements.md", text.encode("utf-8"))
put("catalog_markdown", "requirements_crlf.md", text.replace("\n", "\r\n").encode("utf-8"))
put("catalog_markdown", "requirements_bom.md", b"\xef\xbb\xbf" + text.encode("utf-8"))
put("catalog_markdown", "requirements_sjis.md", text.encode("cp932", errors="replace"))
put("catalog_markdown", "spec.md", open(os.path.join(built, "spec.md"), "rb").read())
put("catalog_markdown", "small_en.md",
    b"Requirements\n\n| ID | Requirement | Level |\n|---|---|---|\n| 1 | Backups | Mandatory |\n"
    b"| 1.1 | If 1 is met, 1.2 is not required. | |\n| 1.2 | Logs<br>kept | Optional |\n")

# The form, filled: every answer cell under the header gets an answer and an explanation.
form = os.path.join(built, "form.xlsx")
wb = openpyxl.load_workbook(form)
ws = wb.worksheets[1]
ws["C3"] = "株式会社サンプル"
ws["C6"] = "2026-12-20"
for r in range(9, ws.max_row + 1):
    if ws.cell(r, 1).value and ws.cell(r, 4).value:
        ws.cell(r, 5, "○" if r % 3 else "×")
        ws.cell(r, 6, "=HYPERLINK(\"http://x\")" if r % 7 == 0 else "対応済み")
wb.save(os.path.join(work, "filled.xlsx"))

# form_xml: the entry's index in the zip, then its content.
with zipfile.ZipFile(form) as z:
    for i, info in enumerate(z.infolist()):
        safe = re.sub(r"[^A-Za-z0-9.]+", "_", info.filename)
        put("form_xml", "%02d_%s" % (i, safe), bytes([i]) + z.read(info))
PY
# The sample table as an officer keeps it in Excel (the script the tests use too).
python3 "$repo/tests/fixtures/scripts/md_table_to_xlsx.py" "$repo/input/requirements.md" \
  "$work/requirements.xlsx"

cp "$work/proc/output/form.xlsx" "$work/requirements.xlsx" "$seeds/catalog_sheet/"
cp "$work/proc/output/form.xlsx" "$work/filled.xlsx" "$seeds/response/"
for f in requirements form filled; do
  src="$work/$f.xlsx"; [ -f "$src" ] || src="$work/proc/output/$f.xlsx"
  for ext in ods xls; do
    soffice --headless --convert-to "$ext" --outdir "$work/conv" "$src" >/dev/null 2>&1
  done
done
cp "$work/conv/requirements".{ods,xls} "$work/conv/form".{ods,xls} "$seeds/catalog_sheet/"
cp "$work/conv/form".{ods,xls} "$work/conv/filled".{ods,xls} "$seeds/response/"
for t in "$seeds"/*; do echo "$(basename "$t"): $(ls "$t" | wc -l) seeds, $(du -sk "$t" | cut -f1) KiB"; done
