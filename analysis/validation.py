"""Validate the theme codebook against a researcher's labels: a stratified sample to label, then precision and recall.

The workflow (``python -m analysis validate``, and the last section of
``notebooks/03_themes.ipynb``):

1. :func:`draw_sample` draws paragraphs of a run for each theme, stratified by
   score band (``assigned``: the score reaches the threshold; ``near``: some
   rule met, below the threshold; ``unscored``: no rule met) and by outlet,
   into a CSV with an empty ``label`` column and each row's ``weight`` (the
   paragraphs of its stratum it stands for).
2. A researcher reads each paragraph against the theme's definition and
   writes 1 (the theme is there) or 0 in ``label``; blank rows are skipped.
3. :func:`evaluate` compares the labels with the run's assignments: per theme,
   precision and recall on the labelled sample with Wilson 95 % intervals, and
   the same two weighted by the sample design, as estimates for the whole
   corpus; :func:`errors` lists the false positives and the misses with their
   evidence; :func:`keyness` suggests terms, the words and word pairs that the
   labelled positives use more than the negatives (log-likelihood G²).
4. Optionally :func:`cross_validate` trains a logistic regression on TF-IDF
   features plus the codebook's score, each labelled paragraph weighted by the
   paragraphs it stands for and the two classes balanced (a theme is rare, and
   an unbalanced model learns to say no), and reports its cross-validated
   precision and recall beside the codebook's (on the sample, unweighted);
   :func:`train_classifier` and :func:`classify` use it as a theme assigner.
   Because the classes are balanced, its probability ranks paragraphs; it is
   not a calibrated share of the corpus.

Example:
    >>> round(wilson(8, 10)[0], 3), round(wilson(8, 10)[1], 3)
    (0.49, 0.943)
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.segment import load_stopwords, words

BANDS = ("assigned", "near", "unscored")
SAMPLE_COLUMNS = ["sample_id", "theme", "band", "outlet", "doc_id", "para_id", "score", "weight", "evidence", "text", "label"]
TRUE_LABELS = {"1", "y", "yes", "ya", "true", "benar"}
FALSE_LABELS = {"0", "n", "no", "tidak", "false", "salah"}
Z95 = 1.959963984540054


class LabelError(ValueError):
    """A labels file that cannot be used; the message names the file and the rows at fault."""


def _bands(paragraphs: pd.DataFrame, scores: pd.DataFrame, theme: str, threshold: float) -> pd.DataFrame:
    """Every paragraph with its score for ``theme`` (0 when no rule met), evidence and band."""
    mine = scores.loc[scores["theme"] == theme, ["doc_id", "para_id", "score", "evidence"]]
    frame = paragraphs[["doc_id", "para_id", "text"]].merge(mine, on=["doc_id", "para_id"], how="left")
    frame["score"] = frame["score"].fillna(0.0)
    frame["evidence"] = frame["evidence"].fillna("")
    frame["band"] = np.where(frame["score"] >= threshold, "assigned", np.where(frame["score"] > 0, "near", "unscored"))
    return frame


def _allocate(sizes: pd.Series, total: int) -> pd.Series:
    """``total`` draws split over strata in proportion to their sizes, at least one per stratum, none beyond a stratum's size.

    With more strata than draws, one each from the ``total`` largest (ties by name).
    """
    if sizes.sum() <= total:
        return sizes.copy()
    if len(sizes) >= total:
        largest = sizes.sort_index().sort_values(ascending=False, kind="stable").index[:total]
        return pd.Series(1, index=sorted(largest))
    share = sizes / sizes.sum() * total
    counts = np.maximum(np.floor(share), 1).astype(int).clip(upper=sizes)
    order = (share - np.floor(share)).sort_values(ascending=False, kind="stable").index
    while counts.sum() < total:
        grown = False
        for stratum in order:
            if counts.sum() >= total:
                break
            if counts[stratum] < sizes[stratum]:
                counts[stratum] += 1
                grown = True
        if not grown:
            break
    return counts


def draw_sample(
    paragraphs: pd.DataFrame,
    documents: pd.DataFrame,
    scores: pd.DataFrame,
    themes: list[str],
    *,
    threshold: float = 3.0,
    per_band: int = 20,
    seed: int = 0,
) -> pd.DataFrame:
    """A stratified sample of paragraphs to label, for each theme: ``per_band`` from each score band, spread over outlets.

    Args:
        paragraphs: doc_id, para_id, text (the run's ``paragraphs`` table).
        documents: doc_id, source (an empty source is its own outlet, "(unknown)").
        scores: doc_id, para_id, theme, score, evidence (the run's ``paragraph_scores``: every score, not only assigned).
        themes: the themes to sample.
        threshold: the score at which a paragraph is assigned a theme.
        per_band: paragraphs drawn per theme and band (all of them when the band is smaller).
        seed: the random seed; the same inputs and seed give the same sample.

    Returns:
        :data:`SAMPLE_COLUMNS`, ``label`` empty, ``weight`` = paragraphs in the stratum / drawn from it.
    """
    outlets = documents.set_index("doc_id")["source"].replace("", "(unknown)")
    rows = []
    for theme in themes:
        frame = _bands(paragraphs, scores, theme, threshold)
        frame["outlet"] = frame["doc_id"].map(outlets).fillna("(unknown)")
        rng = np.random.default_rng([seed, zlib.crc32(theme.encode("utf-8"))])
        for band in BANDS:
            in_band = frame[frame["band"] == band]
            if in_band.empty:
                continue
            sizes = in_band.groupby("outlet").size()
            for outlet, n in _allocate(sizes, per_band).items():
                stratum = in_band[in_band["outlet"] == outlet].sort_values(["doc_id", "para_id"])
                picked = stratum.iloc[np.sort(rng.choice(len(stratum), size=int(n), replace=False))]
                rows.append(picked.assign(theme=theme, weight=len(stratum) / int(n)))
    if not rows:
        return pd.DataFrame(columns=SAMPLE_COLUMNS)
    sample = pd.concat(rows, ignore_index=True)
    sample["band"] = pd.Categorical(sample["band"], categories=BANDS, ordered=True)
    sample = sample.sort_values(["theme", "band", "outlet", "doc_id", "para_id"], ignore_index=True)
    sample["band"] = sample["band"].astype(str)
    sample["sample_id"] = [f"{t}-{i:04d}" for t, i in zip(sample["theme"], sample.groupby("theme").cumcount() + 1)]
    sample["label"] = ""
    sample["weight"] = sample["weight"].round(4)
    return sample[SAMPLE_COLUMNS]


def read_labels(path: Path | str) -> pd.DataFrame:
    """A labelled sample: the columns of :func:`draw_sample`, ``label`` as 1/0 (yes/no, ya/tidak ...; blank = not labelled).

    Raises:
        LabelError: a missing column, or labels that are neither true nor false, named with their rows.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype={"doc_id": str, "label": str, "theme": str}, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as err:
        raise LabelError(f"{path}: cannot be read as CSV: {err}") from None
    missing = [c for c in ("theme", "doc_id", "para_id", "label") if c not in frame]
    if missing:
        raise LabelError(f"{path}: missing column(s) {', '.join(missing)}; a labels file has the columns of 'validate sample'")
    raw = frame["label"].astype(str).str.strip().str.lower()
    bad = [f"row {i + 2} ({v!r})" for i, v in enumerate(raw) if v and v not in TRUE_LABELS | FALSE_LABELS]
    if bad:
        raise LabelError(f"{path}: labels must be 1 or 0 (or yes/no, ya/tidak); not: {', '.join(bad[:10])}")
    frame["label"] = raw.map(lambda v: True if v in TRUE_LABELS else False if v in FALSE_LABELS else None)
    if "weight" not in frame:
        frame["weight"] = 1.0
    frame["weight"] = pd.to_numeric(frame["weight"], errors="coerce").fillna(1.0)
    return frame[frame["label"].notna()].astype({"label": bool}).reset_index(drop=True)


def in_run(labels: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """The labels whose paragraph is in the run with the same text (a label of another corpus, or of an edited article, is left out)."""
    keys = paragraphs[["doc_id", "para_id", "text"]].rename(columns={"text": "run_text"})
    found = labels.merge(keys, on=["doc_id", "para_id"])
    if "text" in found:
        found = found[found["text"] == found["run_text"]]
    else:
        found = found.rename(columns={"run_text": "text"})
    return found.drop(columns=["run_text"], errors="ignore").reset_index(drop=True)


def wilson(successes: int, trials: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (95 % by default); (nan, nan) for no trials."""
    if trials == 0:
        return math.nan, math.nan
    p = successes / trials
    centre = (p + z * z / (2 * trials)) / (1 + z * z / trials)
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / (1 + z * z / trials)
    return max(0.0, centre - half), min(1.0, centre + half)


def _with_prediction(labels: pd.DataFrame, assigned: pd.DataFrame) -> pd.DataFrame:
    hits = assigned[["doc_id", "para_id", "theme"]].drop_duplicates().assign(predicted=True)
    frame = labels.merge(hits, on=["doc_id", "para_id", "theme"], how="left")
    frame["predicted"] = frame["predicted"].astype("boolean").fillna(False).astype(bool)
    return frame


def _ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def evaluate(labels: pd.DataFrame, assigned: pd.DataFrame) -> pd.DataFrame:
    """Per theme: the confusion counts of the run's assignments against the labels, precision and recall with intervals.

    Args:
        labels: :func:`read_labels`.
        assigned: doc_id, para_id, theme of the paragraphs the run assigns a theme (``paragraph_themes``).

    Returns:
        theme, labelled, tp, fp, fn, tn, precision (+ _low, _high: Wilson 95 %), recall (+ _low, _high),
        and precision_weighted, recall_weighted: the design-weighted estimates for the corpus.
    """
    frame = _with_prediction(labels, assigned)
    rows = []
    for theme, g in frame.groupby("theme", sort=True):
        tp, fp = int((g.predicted & g.label).sum()), int((g.predicted & ~g.label).sum())
        fn, tn = int((~g.predicted & g.label).sum()), int((~g.predicted & ~g.label).sum())
        w = g["weight"]
        tpw, fpw, fnw = w[g.predicted & g.label].sum(), w[g.predicted & ~g.label].sum(), w[~g.predicted & g.label].sum()
        p_low, p_high = wilson(tp, tp + fp)
        r_low, r_high = wilson(tp, tp + fn)
        rows.append(
            {
                "theme": theme,
                "labelled": len(g),
                "tp": tp,
                "fp": fp,
                "fn": fn,
                "tn": tn,
                "precision": _ratio(tp, tp + fp),
                "precision_low": p_low,
                "precision_high": p_high,
                "recall": _ratio(tp, tp + fn),
                "recall_low": r_low,
                "recall_high": r_high,
                "precision_weighted": _ratio(tpw, tpw + fpw),
                "recall_weighted": _ratio(tpw, tpw + fnw),
            }
        )
    columns = [
        "theme",
        "labelled",
        "tp",
        "fp",
        "fn",
        "tn",
        "precision",
        "precision_low",
        "precision_high",
        "recall",
        "recall_low",
        "recall_high",
        "precision_weighted",
        "recall_weighted",
    ]
    return pd.DataFrame(rows, columns=columns).round(4)


def errors(labels: pd.DataFrame, assigned: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """The false positives and the misses of the labelled sample, with the score and evidence the run gives them."""
    frame = _with_prediction(labels, assigned).drop(columns=["score", "evidence"], errors="ignore")
    frame = frame.merge(scores[["doc_id", "para_id", "theme", "score", "evidence"]], on=["doc_id", "para_id", "theme"], how="left")
    frame["score"] = frame["score"].fillna(0.0)
    frame["evidence"] = frame["evidence"].fillna("")
    wrong = frame[frame["predicted"] != frame["label"]].copy()
    wrong["error"] = np.where(wrong["predicted"], "false positive", "miss")
    columns = ["theme", "error", "doc_id", "para_id", "score", "evidence"] + (["text"] if "text" in wrong else [])
    return wrong.sort_values(["theme", "error", "doc_id", "para_id"], ignore_index=True)[columns]


def _terms(text: str, stopwords: frozenset[str]) -> list[str]:
    tokens = [w.lower() for w in words(text) if w[0].isalpha()]
    kept = [t for t in tokens if t not in stopwords and len(t) > 1]
    pairs = [f"{a} {b}" for a, b in zip(tokens, tokens[1:]) if a not in stopwords and b not in stopwords]
    return kept + pairs


def g2(a: int, b: int, c: int, d: int) -> float:
    """Dunning's log-likelihood of a term seen ``a`` times in ``c`` tokens of one text and ``b`` times in ``d`` of another."""
    e1, e2 = c * (a + b) / (c + d), d * (a + b) / (c + d)
    return 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))


def codebook_knows(codebook) -> callable:
    """A test of whether a word or word pair is matched by a term of ``codebook``: as written, by a prefix* term, or by a ~root."""
    from analysis.morphology import RootFinder

    terms = {t for theme in codebook for t in (*theme.terms, *theme.exceptions)}
    exact = {t.lower() for t in terms if not t.startswith("~") and not t.endswith("*")}
    prefixes = tuple(t[:-1].lower() for t in terms if t.endswith("*"))
    roots = RootFinder([t[1:] for t in terms if t.startswith("~")])

    def known(term: str) -> bool:
        if term in exact or (prefixes and term.startswith(prefixes)):
            return True
        return any(start == 0 and stop == len(term) for start, stop, _ in roots.find(term))

    return known


def keyness(labels: pd.DataFrame, theme: str, *, known=frozenset(), top: int = 20, min_count: int = 2) -> pd.DataFrame:
    """Words and word pairs that the labelled positives of ``theme`` use more than its labelled negatives.

    Args:
        labels: :func:`read_labels` (with a ``text`` column).
        theme: the theme.
        known: the terms already in the codebook (a set, or a test such as :func:`codebook_knows`), flagged in ``in_codebook``.
        top: how many terms to return.
        min_count: the fewest times a term must occur in the positives.

    Returns:
        term, positives, negatives (occurrences), g2 (log-likelihood), in_codebook; strongest first.
    """
    rows = labels[labels["theme"] == theme]
    stopwords = load_stopwords()
    pos = Counter(t for text in rows.loc[rows["label"], "text"] for t in _terms(text, stopwords))
    neg = Counter(t for text in rows.loc[~rows["label"], "text"] for t in _terms(text, stopwords))
    c, d = sum(pos.values()), sum(neg.values())
    is_known = known if callable(known) else (lambda term: term in known)
    found = []
    for term, a in pos.items():
        b = neg.get(term, 0)
        if a >= min_count and c and (not d or a / c > b / d):
            found.append((term, a, b, round(g2(a, b, c, d), 3) if d else math.inf, bool(is_known(term))))
    frame = pd.DataFrame(found, columns=["term", "positives", "negatives", "g2", "in_codebook"])
    return frame.sort_values(["g2", "positives", "term"], ascending=[False, False, True], ignore_index=True).head(top)


def _model(seed: int):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(class_weight="balanced", max_iter=2000, random_state=seed)


def cross_validate(labels: pd.DataFrame, scores: pd.DataFrame, theme: str, *, folds: int = 5, seed: int = 0) -> dict | None:
    """Cross-validated precision and recall of a logistic regression on TF-IDF plus the codebook's score, for ``theme``.

    Returns None when the labels hold fewer than two positives or two negatives (nothing to learn from).
    """
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold

    rows = _scored(labels[labels["theme"] == theme], scores)
    y = rows["label"].to_numpy()
    k = min(folds, int(y.sum()), int((~y).sum()))
    if k < 2:
        return None
    predicted = np.zeros(len(rows), dtype=bool)
    for train, test in StratifiedKFold(n_splits=k, shuffle=True, random_state=seed).split(rows, y):
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        x_train = hstack([vectorizer.fit_transform(rows["text"].iloc[train]), csr_matrix(rows[["score"]].iloc[train].to_numpy() / 3.0)])
        x_test = hstack([vectorizer.transform(rows["text"].iloc[test]), csr_matrix(rows[["score"]].iloc[test].to_numpy() / 3.0)])
        weights = rows["weight"].to_numpy(dtype=float)[train] if "weight" in rows else None
        predicted[test] = _model(seed).fit(x_train, y[train], sample_weight=weights).predict(x_test).astype(bool)
    tp, fp, fn = int((predicted & y).sum()), int((predicted & ~y).sum()), int((~predicted & y).sum())
    (p_low, p_high), (r_low, r_high) = wilson(tp, tp + fp), wilson(tp, tp + fn)
    return {
        "theme": theme,
        "folds": k,
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": _ratio(tp, tp + fp),
        "precision_low": p_low,
        "precision_high": p_high,
        "recall": _ratio(tp, tp + fn),
        "recall_low": r_low,
        "recall_high": r_high,
    }


def _scored(rows: pd.DataFrame, scores: pd.DataFrame) -> pd.DataFrame:
    """``rows`` with the run's current score of their theme (0 when no rule met)."""
    rows = rows.drop(columns=["score"], errors="ignore").merge(
        scores[["doc_id", "para_id", "theme", "score"]], on=["doc_id", "para_id", "theme"], how="left"
    )
    return rows.assign(score=rows["score"].fillna(0.0)).reset_index(drop=True)


def train_classifier(labels: pd.DataFrame, scores: pd.DataFrame, *, seed: int = 0) -> dict:
    """One logistic regression per theme with at least two labelled positives and negatives: ``{theme: (vectorizer, model)}``."""
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer

    models = {}
    for theme in sorted(labels["theme"].unique()):
        rows = _scored(labels[labels["theme"] == theme], scores)
        y = rows["label"].to_numpy()
        if y.sum() < 2 or (~y).sum() < 2:
            continue
        vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
        x = hstack([vectorizer.fit_transform(rows["text"]), csr_matrix(rows[["score"]].to_numpy() / 3.0)])
        weights = rows["weight"].to_numpy(dtype=float) if "weight" in rows else None
        models[theme] = (vectorizer, _model(seed).fit(x, y, sample_weight=weights))
    return models


def classify(models: dict, paragraphs: pd.DataFrame, scores: pd.DataFrame, *, threshold: float = 0.5) -> pd.DataFrame:
    """Themes assigned by :func:`train_classifier`'s models: doc_id, para_id, theme, score (the probability), evidence."""
    from scipy.sparse import csr_matrix, hstack

    rows = []
    for theme, (vectorizer, model) in sorted(models.items()):
        frame = _scored(paragraphs[["doc_id", "para_id", "text"]].assign(theme=theme), scores)
        x = hstack([vectorizer.transform(frame["text"]), csr_matrix(frame[["score"]].to_numpy() / 3.0)])
        probability = model.predict_proba(x)[:, list(model.classes_).index(True)]
        keep = probability >= threshold
        rows.append(
            frame.loc[keep, ["doc_id", "para_id", "theme"]].assign(
                score=probability[keep].round(4), evidence=[f"classifier p={p:.2f}" for p in probability[keep]]
            )
        )
    if not rows:
        return pd.DataFrame(columns=["doc_id", "para_id", "theme", "score", "evidence"])
    return pd.concat(rows, ignore_index=True).sort_values(["doc_id", "para_id", "theme"], ignore_index=True)
