r"""Small helpers for the sentences a notebook writes from its tables: counts with the right plural, shares as percentages.

Text from the corpus (an outlet, a term, a title) goes into such a sentence through :func:`inline`, which
escapes what Markdown or HTML would read as markup.

Example:
    >>> counted(1, "article"), counted(12000, "article"), counted(2, "outlet has", "outlets have"), percent(0.1234)
    ('1 article', '12,000 articles', '2 outlets have', '12.3%')
    >>> print(inline("<b>Kompas</b> *x* [y]"))
    &lt;b&gt;Kompas&lt;/b&gt; \*x\* \[y\]
"""

from __future__ import annotations

import html
import re

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~>-])")


def inline(text) -> str:
    """``text`` as literal Markdown: HTML escaped, Markdown punctuation backslashed."""
    return _MARKDOWN.sub(r"\\\1", html.escape(str(text), quote=False))


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with thousands separators and the noun in the singular or the plural (``singular + "s"`` by default)."""
    n = int(n)
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def percent(share: float, digits: int = 1) -> str:
    """A share between 0 and 1 as a percentage."""
    return f"{100 * share:.{digits}f}%"


def is_seed_corpus(documents) -> bool:
    """Whether the articles analysed are exactly the project's seed articles (``seeds/``)."""
    from pathlib import Path

    from analysis import config
    from analysis.tables import analysed_documents

    docs = analysed_documents(documents)
    seeds = {p.stem for p in config.SEEDS_DIR.glob("*.txt")}
    inside = all(Path(f).resolve().parent == config.SEEDS_DIR.resolve() for f in docs["file"])
    return inside and set(docs["doc_id"]) == seeds


def on_seeds(documents, text: str) -> None:
    """Show ``text``, an interpretation written for the seed articles, only when the corpus is the seeds, and say so."""
    if is_seed_corpus(documents):
        from IPython.display import Markdown, display

        display(Markdown(f"*On the seed corpus:* {text}"))


def figure_caption(caption: str, tables) -> str:
    """A caption in Markdown: the sentence, then the tables drawn (``Drawn from `documents.csv`.``)."""
    caption = caption.strip()
    if caption and caption[-1] not in ".?!":
        caption += "."
    drawn = f"Drawn from {', '.join(f'`{t}`' for t in tables)}." if tables else ""
    return " ".join(part for part in (caption, drawn) if part)
