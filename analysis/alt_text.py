"""Alt text for a chart, read off the matplotlib figure itself: what kind of chart, its title, its axes and what they list.

The report gives every chart this text as its ``alt`` attribute, so that a reader who
cannot see the image (a screen reader, a text browser, an image that failed to load)
learns what the chart shows. It is computed from the figure, not written beside it, so it
cannot disagree with the chart: the categories are the tick labels drawn, the ranges the
axes' limits.

>>> import matplotlib
>>> matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> _ = ax.barh(["Kompas", "Tempo"], [3, 5]); _ = ax.set(title="Articles per outlet", xlabel="articles")
>>> describe(fig)
'Bar chart "Articles per outlet": articles from 0 to 5 (x axis); 2 categories on the y axis: Kompas, Tempo.'
"""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.dates import AutoDateFormatter, ConciseDateFormatter, DateFormatter, num2date
from matplotlib.image import AxesImage
from matplotlib.patches import Rectangle

from analysis.readable import number

SHOWN_CATEGORIES = 6


def _kind(ax) -> str:
    if ax.images or any(isinstance(c, QuadMesh) for c in ax.collections) or any(isinstance(i, AxesImage) for i in ax.get_children()):
        return "Heatmap"
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() and p.get_height()]
    lines = [line for line in ax.get_lines() if len(line.get_xdata()) > 2 and line.get_visible()]
    points = [c for c in ax.collections if isinstance(c, PathCollection) and len(c.get_offsets())]
    kinds = [name for name, found in (("bar chart", bars), ("line chart", lines), ("scatter plot", points)) if found]
    if not kinds:
        return "Chart"
    text = " with ".join(kinds)
    return text[0].upper() + text[1:]


def _axis(ax, which: str) -> str:
    """``'2 categories on the y axis: A, B'`` for an axis of names, ``'tokens from 0 to 900 (x axis)'`` for one of numbers."""
    axis = ax.xaxis if which == "x" else ax.yaxis
    label = axis.get_label().get_text().strip()
    dates = isinstance(axis.get_major_formatter(), (AutoDateFormatter, ConciseDateFormatter, DateFormatter))
    names = [t.get_text() for t in axis.get_ticklabels() if t.get_text().strip()]
    if names and not dates and not all(_numeric(n) for n in names):
        shown = ", ".join(names[:SHOWN_CATEGORIES]) + (
            f" and {len(names) - SHOWN_CATEGORIES} more" if len(names) > SHOWN_CATEGORIES else ""
        )
        return f"{len(names)} {label or 'categories'} on the {which} axis: {shown}"
    low, high = _data_range(ax, which)
    if dates:
        low, high = (num2date(v).strftime("%Y-%m-%d") for v in (low, high))
    else:
        low, high = number(round(low, 10)), number(round(high, 10))
    return f"{label or which + ' axis'} from {low} to {high}{f' ({which} axis)' if label else ''}"


def _data_range(ax, which: str) -> tuple[float, float]:
    """The smallest and largest value drawn along an axis (bar ends, line and point positions); its limits if nothing is."""
    values: list[float] = []
    for bar in ax.patches:
        if isinstance(bar, Rectangle) and bar.get_width() and bar.get_height():
            start, size = (bar.get_x(), bar.get_width()) if which == "x" else (bar.get_y(), bar.get_height())
            values += [start, start + size]
    for line in ax.get_lines():
        if len(line.get_xdata()) > 2:
            values += [float(v) for v in (line.get_xdata(orig=False) if which == "x" else line.get_ydata(orig=False)) if v == v]
    for points in ax.collections:
        if isinstance(points, PathCollection) and len(points.get_offsets()):
            values += [float(v) for v in points.get_offsets()[:, 0 if which == "x" else 1]]
    if not values:
        low, high = ax.get_xlim() if which == "x" else ax.get_ylim()
        return min(low, high), max(low, high)
    return min(values), max(values)


def _numeric(text: str) -> bool:
    cleaned = text.replace("\u2212", "-").replace(",", "").replace("%", "").replace(".", "", 1).strip()
    return cleaned.lstrip("-").isdigit()


def describe(fig: plt.Figure) -> str:
    """One or a few sentences saying what ``fig`` shows: each panel's kind, title and axes (colour bars left out)."""
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.axison and ax.get_label() != "<colorbar>"]
    title = fig._suptitle.get_text().strip() if fig._suptitle is not None else ""
    sentences = []
    if len(panels) > 1:
        sentences.append(f"{len(panels)} panels{f' titled {title!r}' if title else ''}.".replace("'", '"'))
    for ax in panels:
        name = ax.get_title().strip() or (title if len(panels) == 1 else "")
        axes = "; ".join(part for part in (_axis(ax, "x"), _axis(ax, "y")) if part)
        sentences.append(f"{_kind(ax)}{f' {chr(34)}{name}{chr(34)}' if name else ''}{': ' + axes if axes else ''}.")
    return " ".join(sentences) or (title or "An empty chart.")
