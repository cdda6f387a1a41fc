r"""Copies of a run's CSV tables that are safe to open in a spreadsheet.

Excel, LibreOffice and Google Sheets read a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so a
headline such as ``=HYPERLINK("http://x", "klik")`` quoted in ``paragraphs.csv`` would become a live formula when the
table is opened ("CSV injection"). The tables in ``tables/`` keep the text exactly as the articles have it, for
pandas, R and the notebooks. ``tables/spreadsheet/`` holds a copy of each, in which every such cell starts with an
apostrophe, which a spreadsheet shows as text and does not evaluate. Numbers (``-3``, ``+1.5``) stay numbers. The
copies are UTF-8 with a byte-order mark, so that Excel reads accents and quotes right.

>>> [neutralise(cell) for cell in ['=HYPERLINK("http://x")', "-3.5", "@Kremlin", "Putin", "-1+2"]]
['\'=HYPERLINK("http://x")', '-3.5', "'@Kremlin", 'Putin', "'-1+2"]
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

FOLDER = "spreadsheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 1_048_576  # the most rows a sheet holds in Excel and LibreOffice; a larger table is not copied
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(cell: str) -> str:
    """``cell`` with a leading apostrophe when a spreadsheet would read it as a formula; numbers unchanged."""
    if cell.startswith(FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def spreadsheet_copies(tables_dir: Path) -> tuple[list[Path], list[str]]:
    """Write ``tables_dir/spreadsheet/<name>.csv`` for every CSV table, with :func:`neutralise` applied to each cell.

    The copy streams row by row, so its memory does not grow with the table. Returns the copies written, and the
    tables left out because they have more rows than a sheet holds (:data:`MAX_ROWS`); those are listed in the
    folder's ``README.txt``.
    """
    out_dir = tables_dir / FOLDER
    out_dir.mkdir(exist_ok=True)
    for stale in out_dir.glob("*.csv"):
        stale.unlink()
    csv.field_size_limit(sys.maxsize)  # a paragraph may be longer than the csv module's default limit of 128 KB
    written, too_long = [], []
    for table in sorted(tables_dir.glob("*.csv")):
        target = out_dir / table.name
        rows = 0
        with table.open(encoding="utf-8", newline="") as source, target.open("w", encoding="utf-8-sig", newline="") as copy:
            writer = csv.writer(copy, lineterminator="\r\n")
            for row in csv.reader(source):
                rows += 1
                if rows > MAX_ROWS:
                    break
                writer.writerow([neutralise(cell) for cell in row])
        if rows > MAX_ROWS:
            target.unlink()
            too_long.append(table.name)
        else:
            written.append(target)
    note = (
        "Copies of the tables in the folder above, for spreadsheets: a cell that would start a formula (=, +, -, @)\n"
        "starts with an apostrophe, so that it is shown as text. The tables above keep the text as the articles have it.\n"
    )
    if too_long:
        note += f"Not copied, because they have more than {MAX_ROWS:,} rows: {', '.join(too_long)} (read them with pandas or R).\n"
    (out_dir / "README.txt").write_text(note, encoding="utf-8")
    return written, too_long
