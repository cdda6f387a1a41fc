"""``python -m analysis validate``: draw a sample of a run's paragraphs to label, and score the codebook against the labels.

    python -m analysis validate sample [--run RUN] [--out FILE] [--per-band N] [--themes T ...]
    python -m analysis validate report LABELS [--run RUN] [--out DIR] [--classifier] [--save-model FILE]
    python -m analysis validate apply MODEL [--run RUN]

``RUN`` is a run folder (default ``reports/latest``); it must hold the tables of the themes stage. ``sample``
writes a CSV to label; ``report`` prints per-theme precision and recall and writes the summary, the errors
and the suggested terms beside the labels; ``apply`` writes ``tables/paragraph_themes_classifier.csv``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.codebook import load_codebook
from analysis.tables import read_table
from analysis.validation import (
    LabelError,
    classify,
    codebook_knows,
    cross_validate,
    draw_sample,
    errors,
    evaluate,
    in_run,
    keyness,
    read_labels,
    train_classifier,
)


def _tables(run: str) -> Path:
    tables = config.resolve(run) / "tables"
    missing = [n for n in ("paragraphs", "documents", "paragraph_scores", "paragraph_themes") if not (tables / f"{n}.csv").exists()]
    if missing:
        raise FileNotFoundError(f"{tables}: no {', '.join(n + '.csv' for n in missing)}; run the report (or the themes stage) first")
    return tables


def _run_codebook(tables: Path) -> Path:
    """The codebook the run used (its ``pipeline.json`` records it), else the project's."""
    try:
        return config.resolve(json.loads((tables / "pipeline.json").read_text(encoding="utf-8"))["parameters"]["lexicon"])
    except (OSError, ValueError, KeyError):
        return config.THEMES


def main(args: argparse.Namespace) -> int:
    try:
        tables = _tables(args.run)
        scores = read_table(tables / "paragraph_scores.csv")
        if args.step == "sample":
            if Path(args.out).exists() and not args.force:
                raise FileExistsError(f"{args.out} exists and may hold labels: choose another --out, or add --force to replace it")
            sample = draw_sample(
                read_table(tables / "paragraphs.csv"),
                read_table(tables / "documents.csv"),
                scores,
                args.themes,
                threshold=args.threshold,
                per_band=args.per_band,
                seed=args.seed,
            )
            sample.to_csv(args.out, index=False)
            print(f"{len(sample)} paragraphs to label written to {args.out}: write 1 or 0 in the label column")
            return 0
        if args.step == "apply":
            with open(args.model, "rb") as handle:
                models = pickle.load(handle)
            found = classify(models, read_table(tables / "paragraphs.csv"), scores)
            found.to_csv(tables / "paragraph_themes_classifier.csv", index=False)
            print(f"{len(found)} paragraph themes written to {tables / 'paragraph_themes_classifier.csv'}")
            return 0
        given = read_labels(args.labels)
        labels = in_run(given, read_table(tables / "paragraphs.csv"))
        if labels.empty:
            raise ValueError(f"{args.labels}: none of its {len(given)} labelled paragraphs is in the run {tables.parent}")
        if len(labels) < len(given):
            print(f"{len(given) - len(labels)} labelled paragraphs are not in this run (or their text changed) and are left out")
        assigned = read_table(tables / "paragraph_themes.csv")
        out = Path(args.out) if args.out else Path(args.labels).with_name(Path(args.labels).stem + "-validation")
        out.mkdir(parents=True, exist_ok=True)
        summary = evaluate(labels, assigned)
        summary.to_csv(out / "summary.csv", index=False)
        errors(labels, assigned, scores).to_csv(out / "errors.csv", index=False)
        known = codebook_knows(load_codebook(_run_codebook(tables), required=()))
        pd.concat([keyness(labels, t, known=known).assign(theme=t) for t in sorted(labels["theme"].unique())]).to_csv(
            out / "suggested_terms.csv", index=False
        )
        with pd.option_context("display.width", 160, "display.max_columns", 20):
            print(
                summary[
                    [
                        "theme",
                        "labelled",
                        "tp",
                        "fp",
                        "fn",
                        "precision",
                        "precision_low",
                        "precision_high",
                        "recall",
                        "recall_low",
                        "recall_high",
                    ]
                ].to_string(index=False)
            )
        if args.classifier:
            found = [r for t in sorted(labels["theme"].unique()) if (r := cross_validate(labels, scores, t)) is not None]
            frame = pd.DataFrame(found)
            frame.to_csv(out / "classifier.csv", index=False)
            print("logistic regression, cross-validated:")
            print(frame.round(3).to_string(index=False) if len(frame) else "  too few labels of one class")
        if args.save_model:
            with open(args.save_model, "wb") as handle:
                pickle.dump(train_classifier(labels, scores), handle)
            print(f"classifier saved to {args.save_model}")
        print(f"results in {out}")
        return 0
    except (LabelError, FileNotFoundError, OSError, ValueError) as err:
        print(f"validate failed: {err}", file=sys.stderr)
        return 1
