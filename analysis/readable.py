"""Tables and numbers as a reader sees them: whole numbers as whole numbers, no ``NaN``, no scientific notation.

A notebook calls :func:`readable_tables` once, in its imports cell. From then on a
DataFrame or a Series that a cell shows is rendered by :func:`frame_html`:
missing values are blank, floats that hold whole numbers (counts read back from
a CSV with a gap) print as integers, other floats with three significant digits,
numbers from 10,000 up with thousands separators (a year stays 2023), a default 0, 1, 2... index is left out, and a Series
is a two-column table rather than text ending in a ``dtype`` line. The tables
written to ``tables/`` are untouched: this is only how they are shown.

>>> number(3.5e9), number(17.9), number(0.83912), number(2023.0), number(float("nan")), number(2e-12)
('3,500,000,000', '17.9', '0.839', '2023', '', '<0.001')
"""

from __future__ import annotations

import math

import pandas as pd
from pandas.io.formats import format as fmt


def number(value) -> str:
    """A float for a reader: whole numbers as integers, others to three significant digits, separators from 10,000 up,
    never ``1e+09``; missing is blank."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    separator = "," if abs(value) >= 10_000 else ""
    if value.is_integer() or abs(value) >= 1000:
        return f"{value:{separator}.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    if abs(value) < 0.001:
        return "<0.001" if value > 0 else ">−0.001"
    return f"{value:.3g}"


def _shown(frame: pd.DataFrame) -> pd.DataFrame:
    """Float columns as the text :func:`number` gives, dates as ISO dates (a time only when there is one)."""
    shown = frame.copy(deep=False)
    for column in range(shown.shape[1]):
        values = shown.iloc[:, column]
        if pd.api.types.is_float_dtype(values):
            shown.isetitem(column, values.map(number, na_action="ignore").astype(object))
        elif pd.api.types.is_datetime64_any_dtype(values):
            shown.isetitem(column, values.dt.strftime("%Y-%m-%d %H:%M").str.removesuffix(" 00:00"))
    return shown


def frame_html(frame: pd.DataFrame) -> str:
    """The HTML of ``frame`` as a notebook shows it, with blanks for missing values and readable numbers."""
    options = pd.get_option
    formatter = fmt.DataFrameFormatter(
        _shown(frame),
        na_rep="",
        float_format=number,
        index=not _plain_index(frame.index),
        index_names=True,
        header=True,
        bold_rows=True,
        escape=True,
        max_rows=options("display.max_rows"),
        min_rows=options("display.min_rows"),
        max_cols=options("display.max_columns"),
        show_dimensions=options("display.show_dimensions"),
    )
    return fmt.DataFrameRenderer(formatter).to_html(notebook=True)


def series_html(series: pd.Series) -> str:
    """A Series as a two-column table: its index and its values (named after the Series, else ``value``)."""
    name = series.name if series.name is not None else ("count" if series.dtype.kind in "iu" else "value")
    return frame_html(series.to_frame(name=name))


def _plain_index(index: pd.Index) -> bool:
    """A default 0, 1, 2... index with no name: row numbers a reader does not need."""
    return isinstance(index, pd.RangeIndex) and index.name is None and index.start == 0 and index.step == 1


def readable_tables() -> None:
    """Show DataFrames and Series in this notebook with :func:`frame_html` and :func:`series_html`, and print floats
    without scientific notation. Outside IPython only the float format is set."""
    pd.set_option("display.float_format", number)
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return
    html = shell.display_formatter.formatters["text/html"]
    html.for_type(pd.DataFrame, frame_html)
    html.for_type(pd.Series, series_html)
