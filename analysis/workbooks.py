"""Workbooks: the lessons with the answers taken out, to hand to students.

In a lesson, an exercise is a Markdown cell tagged ``exercise``: the question, with its hint folded in a
``<details>`` block. Its answer follows in cells tagged ``answer``: a Markdown cell folded in
``<details><summary>Answer</summary>``, and code cells when the answer computes something. JupyterLab shows those
code cells collapsed. :func:`workbook` drops every answer cell and leaves an empty code cell after each exercise,
for the student's work.

``python -m analysis.workbooks`` (``make workbooks``) writes ``notebooks/workbooks/`` from the lessons. A test
checks that the committed workbooks are exactly what the lessons give, so the two never drift.
"""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

from analysis import config

EXERCISE, ANSWER, YOUR_ANSWER = "exercise", "answer", "your-answer"
WORKBOOKS_DIR = config.NOTEBOOKS_DIR / "workbooks"
NOTE = (
    "> **Workbook.** This is the students' copy of the lesson: the exercises are here, the answers are not. "
    "Write your answer in the empty cell under each exercise. The teacher's copy, with the answers, is `notebooks/{name}`.\n\n"
)


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def workbook(lesson: dict, name: str) -> dict:
    """The workbook of ``lesson`` (a notebook as JSON): answer cells dropped, an empty code cell after each exercise,
    and a note under the title saying what this copy is."""
    nb = copy.deepcopy(lesson)
    cells = []
    for cell in nb["cells"]:
        if ANSWER in tags(cell):
            continue
        cells.append(cell)
        if EXERCISE in tags(cell):
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": f"{cell['id']}-work"[:64],
                    "metadata": {"tags": [YOUR_ANSWER]},
                    "outputs": [],
                    "source": ["# Your answer\n"],
                }
            )
    title = cells[0]
    text = "".join(title["source"])
    first, _, rest = text.partition("\n")
    title["source"] = (first + "\n\n" + NOTE.format(name=name) + rest.lstrip("\n")).splitlines(keepends=True)
    nb["cells"] = cells
    return nb


def write_workbooks(lessons: list[Path] | None = None, out_dir: Path = WORKBOOKS_DIR) -> list[Path]:
    """Write the workbook of every lesson (default: the numbered notebooks of ``notebooks/``); returns the paths."""
    lessons = lessons if lessons is not None else sorted(config.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for path in lessons:
        nb = workbook(json.loads(path.read_text(encoding="utf-8")), path.name)
        out = out_dir / path.name
        out.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(out)
    return written


if __name__ == "__main__":
    for path in write_workbooks():
        print(path.relative_to(config.PROJECT_ROOT))
    sys.exit(0)
