#!/usr/bin/env python3
"""Writes the hostile corpus: files a bidder could send that must never crash, hang or bloat
procspec. Run: make_corpus.py GOOD_FORM.xlsx OUT_DIR [XLS_COPY]

GOOD_FORM is a form written by `procspec build` (the tests fill it with openpyxl first); the
corpus derives some files from it. Every file is made here from code, so what each one holds is
readable in this script rather than hidden in a committed blob. Only the standard library is used,
except for the encrypted workbook (msoffcrypto-tool) which is skipped when that is missing.
"""
import io
import os
import random
import shutil
import sys
import zipfile

good, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)


def path(name):
    return os.path.join(out, name)


def write_zip(name, entries, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path(name), "w", compression) as z:
        for entry_name, data in entries:
            z.writestr(entry_name, data)


def good_entries():
    with zipfile.ZipFile(good) as z:
        return [(i.filename, z.read(i.filename)) for i in z.infolist()]


def replace_entry(entries, name, data):
    return [(n, data if n == name else d) for n, d in entries]


def sheet_name_of(entries, index):
    return "xl/worksheets/sheet%d.xml" % index


CT = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'

# A zip bomb: one sheet entry of 200 MiB of spaces, deflated to a few hundred KiB.
with zipfile.ZipFile(path("zip_bomb.xlsx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT)
    with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        f.write(b"<worksheet>")
        chunk = b" " * (1 << 20)
        for _ in range(200):
            f.write(chunk)
        f.write(b"</worksheet>")

# A zip bomb that lies: the good form whose sheet is padded with 150 MiB of spaces, while the
# zip's directory and local header say the sheet inflates to 1,000 bytes. Only the bytes actually
# inflated can be trusted (the zip reader stops at the declared size and the checksum fails).
import struct

entries = good_entries()
form_sheet = sheet_name_of(entries, 2)
padded = [(n, d.replace(b"</worksheet>", b" " * (150 << 20) + b"</worksheet>") if n == form_sheet else d)
          for n, d in entries]
write_zip("zip_bomb_lying_sizes.xlsx", padded)
del padded
data = bytearray(open(path("zip_bomb_lying_sizes.xlsx"), "rb").read())
name = form_sheet.encode()
at = 0
while True:
    at = data.find(name, at)
    if at < 0:
        break
    if data[at - 30:at - 26] == b"PK\x03\x04":  # local header: inflated size at offset 22
        struct.pack_into("<I", data, at - 30 + 22, 1000)
    if data[at - 46:at - 42] == b"PK\x01\x02":  # central directory: inflated size at offset 24
        struct.pack_into("<I", data, at - 46 + 24, 1000)
    at += len(name)
open(path("zip_bomb_lying_sizes.xlsx"), "wb").write(bytes(data))

# A shared-string table claiming four billion strings (calamine reserves that many up front).
sst = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4294967295" uniqueCount="4294967295"><si><t>x</t></si></sst>'
if any(n == "xl/sharedStrings.xml" for n, _ in entries):
    write_zip("shared_strings_4_billion.xlsx", replace_entry(entries, "xl/sharedStrings.xml", sst))
else:
    write_zip("shared_strings_4_billion.xlsx", entries + [("xl/sharedStrings.xml", sst)])

# A cell at XFD1048576 beside A1 (calamine allocates the dense grid between them).
far = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
       b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>')
write_zip("cell_at_xfd1048576.xlsx", replace_entry(entries, sheet_name_of(entries, 2), far))

# A sheet whose <dimension> claims the whole grid: a claim in a header costs nothing, so the form
# is read and graded as usual.
whole = [(n, d.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" x="', 1) if n == form_sheet else d)
         for n, d in entries]
assert whole != entries, "the form sheet has a <dimension>"
write_zip("dimension_whole_grid.xlsx", whole)

# An ODS whose repeat counts cover the whole grid with content.
ods_content = (
    b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
    b'<office:body><office:spreadsheet><table:table table:name="S">'
    b'<table:table-row table:number-rows-repeated="1048576">'
    b'<table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell>'
    b'</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>')
with zipfile.ZipFile(path("ods_repeats_whole_grid.ods"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet")
    z.writestr("content.xml", ods_content)
    z.writestr("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')

# A DOCTYPE with entity expansion (billion laughs) and an external entity.
laughs = b'<!ENTITY l0 "ha">' + b"".join(
    b'<!ENTITY l%d "%s">' % (i, b"&l%d;" % (i - 1) * 10) for i in range(1, 10))
doctype = (b'<?xml version="1.0"?><!DOCTYPE worksheet [' + laughs +
           b'<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
           b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
           b'<row r="1"><c r="A1" t="inlineStr"><is><t>&l9;&ext;</t></is></c></row></sheetData></worksheet>')
write_zip("doctype_entities.xlsx", replace_entry(entries, sheet_name_of(entries, 2), doctype))

# A truncated zip: the good form cut in half.
data = open(good, "rb").read()
open(path("truncated.xlsx"), "wb").write(data[: len(data) // 2])

# Random bytes, an empty file, a text file named .xlsx.
rng = random.Random(20261128)
open(path("random_bytes.xlsx"), "wb").write(bytes(rng.getrandbits(8) for _ in range(64 * 1024)))
open(path("empty.xlsx"), "wb").close()
open(path("text_named.xlsx"), "w").write("事業者名,回答\n株式会社テスト,○\n")

# Duplicate zip entries: the form sheet twice.
import warnings
warnings.simplefilter("ignore")
dup = entries + [(sheet_name_of(entries, 2), entries[0][1])]
write_zip("duplicate_entries.xlsx", dup)

# 20,000 zip entries.
many = entries + [("xl/media/pad%05d.bin" % i, b"") for i in range(20000)]
write_zip("twenty_thousand_entries.xlsx", many, zipfile.ZIP_STORED)

# A real .xls (LibreOffice's conversion of the good form, when given) renamed .xlsx.
if len(sys.argv) > 3 and os.path.exists(sys.argv[3]):
    shutil.copy(sys.argv[3], path("real_xls_renamed.xlsx"))

# An encrypted (password-protected) workbook.
try:
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    with open(good, "rb") as src, open(path("encrypted.xlsx"), "wb") as dst:
        OOXMLFile(src).encrypt("secret", dst)
except ImportError:
    sys.stderr.write("skipped encrypted.xlsx: pip install msoffcrypto-tool\n")
