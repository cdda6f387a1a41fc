"""HTML that is safe to publish: tables and Markdown from the notebooks, cleaned by nh3 (the Ammonia sanitiser).

Everything the report keeps of a notebook's HTML passes through an allow-list, not a search for known dangers:
only the tags and attributes listed here survive, link targets may only be web or mail addresses or anchors in
the page, and the content of ``<script>`` and ``<style>`` is dropped with the tag. Text stays text: ``<``, ``>``
and ``&`` in a cell or a paragraph come out escaped.

>>> table_html('<table><tr><td onclick="x()">a<script>alert(1)</script><img src=x onerror=y></td></tr></table>')
'<table><tbody><tr><td>a</td></tr></tbody></table>'
>>> markdown_html('<a href="javascript:alert(1)">a link</a> and <b onmouseover=x>bold</b>', raw_html=True)
'<p><a rel="noopener noreferrer">a link</a> and <b>bold</b></p>\\n'
"""

from __future__ import annotations

import re

import mistune
import nh3

TABLE_TAGS = frozenset({"table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td"})
# Layout attributes pandas writes; ``style`` only with text-align (pandas right-aligns the header row that way).
TABLE_ATTRIBUTES = {
    "table": {"class", "border"},
    "col": {"span"},
    "tr": {"style"},
    "th": {"colspan", "rowspan", "style", "class"},
    "td": {"colspan", "rowspan", "style", "class"},
}
PROSE_TAGS = (
    frozenset(
        {
            "p",
            "br",
            "hr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "em",
            "strong",
            "b",
            "i",
            "u",
            "del",
            "s",
            "sub",
            "sup",
            "small",
            "code",
            "pre",
            "kbd",
            "blockquote",
            "ul",
            "ol",
            "li",
            "dl",
            "dt",
            "dd",
            "a",
            "span",
            "div",
            "details",
            "summary",
        }
    )
    | TABLE_TAGS
)
PROSE_ATTRIBUTES = {
    **TABLE_ATTRIBUTES,
    "a": {"href", "title"},
    "ol": {"start"},
    "details": {"open"},
    "th": {"colspan", "rowspan", "style"},
    "td": {"colspan", "rowspan", "style"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})  # and relative links (#anchor, notebooks/x.html); never javascript: or data:

_escaped = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])
_with_html = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])


def _clean(markup: str, tags: frozenset[str], attributes: dict[str, set[str]]) -> str:
    return nh3.clean(
        markup,
        tags=set(tags),
        attributes=attributes,
        clean_content_tags={"script", "style"},
        strip_comments=True,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
    )


def table_html(markup: str) -> str | None:
    """The HTML of a table output with nothing but the table left (its scoped ``<style>`` dropped), or None when the
    output holds no table."""
    if not re.search(r"<table\b", markup, re.IGNORECASE):
        return None
    return _clean(markup, TABLE_TAGS, TABLE_ATTRIBUTES)


def markdown_html(text: str, *, raw_html: bool = False) -> str:
    """Markdown rendered as clean HTML.

    Args:
        text: the Markdown.
        raw_html: False (for computed prose, which may quote articles) escapes any HTML in ``text`` so that it reads
            as written; True (for the notebooks' own Markdown cells) keeps the tags of :data:`PROSE_TAGS`, such as
            ``<details>`` for an answer to fold away, and removes the others.
    """
    rendered = (_with_html if raw_html else _escaped)(text)
    return _clean(rendered, PROSE_TAGS, PROSE_ATTRIBUTES)
