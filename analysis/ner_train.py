"""Train the name recogniser (``make model``): the CRF of :mod:`analysis.ner` on the Indonesian NER data beside the project.

Reads ``../shared/ner/train.txt`` (idner-news-2k, MIT licence; the data is
never copied into the project), and is deterministic: the same data and code
give the same model, byte for byte.

1. Validation: sentence *i* is held out when ``i % 5 == 4`` (292 of 1,464
   sentences); a model trained on the rest is scored on them (exact spans,
   untyped and typed, per type), and its tagging speed measured.
2. The shipped model is trained with the same settings on every sentence.

It writes ``data/models/ner-id.crfsuite``, its card ``ner-id.json`` (what the
package reads: feature version, vocabulary, settings, figures) and
``MODEL_CARD.md`` (the same for a reader, with the data's licence notice).

    python -m analysis.ner_train [--data PATH] [--out DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from analysis import config
from analysis.ner import TYPES, NameRecogniser
from analysis.ner_features import FEATURE_VERSION, WINDOW, load_gazetteer, sentence_features, spans_of, windows

SETTINGS = {"c1": 0.1, "c2": 0.5, "max_iterations": 150, "feature.possible_transitions": True}
VOCABULARY_SIZE = 2_000
HELD_OUT_EVERY = 5  # sentence i is held out when i % 5 == 4
DATA_SHA256 = "106da0fda132ff93832565b39b0e5b67dfc1cf0119d564dfdba8e943e40d437f"
SOURCE = (
    "idner-news-2k (Khairunnisa, Imankulova and Komachi, AACL-IJCNLP 2020 SRW), train.txt of "
    "github.com/khairunnisaor/idner-news-2k at commit 625ff40f85b03c615c036ef11bc23cb70c79987a"
)
LICENCE = "MIT License, Copyright (c) 2020 khairunnisaor"


def read_conll(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of ``TOKEN UPOS TAG`` lines (blank line between sentences) as ``(words, tags)``; the UPOS column is not used."""
    sentences, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        if len(parts) < 3:
            raise ValueError(f"{path}: line {line!r} is not 'TOKEN UPOS TAG'")
        words.append(parts[0])
        tags.append(parts[-1])
    if words:
        sentences.append((words, tags))
    return sentences


def split(sentences: list) -> tuple[list, list]:
    """(training, held-out): every fifth sentence, from the fifth on, is held out."""
    return (
        [s for i, s in enumerate(sentences) if i % HELD_OUT_EVERY != HELD_OUT_EVERY - 1],
        [s for i, s in enumerate(sentences) if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1],
    )


def vocabulary(sentences: list, size: int = VOCABULARY_SIZE) -> frozenset[str]:
    """The ``size`` commonest lower-cased words of the training sentences (ties by first appearance)."""
    counts = Counter(w.lower() for words, _ in sentences for w in words)
    return frozenset(w for w, _ in sorted(counts.items(), key=lambda kv: -kv[1])[:size])


def train(sentences: list, vocab: frozenset[str], path: Path) -> None:
    """Train a CRF on ``sentences`` and write it to ``path``."""
    import pycrfsuite

    gazetteer = load_gazetteer()
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for words, tags in sentences:
        trainer.append(sentence_features(words, gazetteer, vocab), tags)
    trainer.set_params(SETTINGS)
    trainer.train(str(path))


def score(gold: list[list[str]], predicted: list[list[str]]) -> dict:
    """Exact-span precision, recall and F1: untyped (start and end match), typed (and the type), and per type."""

    def prf(tp: int, n_pred: int, n_gold: int) -> dict:
        p, r = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4), "gold": n_gold}

    g = [(i, *s) for i, tags in enumerate(gold) for s in spans_of(tags)]
    p = [(i, *s) for i, tags in enumerate(predicted) for s in spans_of(tags)]
    untyped = len({x[:3] for x in g} & {x[:3] for x in p})
    result = {"untyped": prf(untyped, len(p), len(g)), "typed": prf(len(set(g) & set(p)), len(p), len(g))}
    for kind in TYPES:
        gk, pk = {x for x in g if x[3] == kind}, {x for x in p if x[3] == kind}
        result[kind] = prf(len(gk & pk), len(pk), len(gk))
    return result


def speed(recogniser: NameRecogniser, sentences: list, repeats: int = 3) -> dict:
    """Median tagging speed over the sentences as the package tags them: all in one call, features and windows
    included, every word's features computed afresh (a new recogniser each time). Tokens/s and MB/s of text."""
    tokens = sum(len(w) for w, _ in sentences)
    megabytes = sum(len(" ".join(w).encode("utf-8")) for w, _ in sentences) / 1e6
    times = []
    for _ in range(repeats):
        fresh = NameRecogniser(recogniser.tagger, recogniser.vocab, recogniser.card, recogniser.gazetteer)
        started = time.perf_counter()
        fresh.tag_all([words for words, _ in sentences])
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    return {"tokens_per_second": round(tokens / median), "mb_per_second": round(megabytes / median, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.ner_train", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=config.NER_DATA, help="the training file (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=config.MODELS_DIR, help="where the model goes (default: %(default)s)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"make model: the training data {args.data} is not there (it lives beside the project, in ../shared/ner/)", file=sys.stderr)
        return 1
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()
    sentences = read_conll(args.data)
    training, held_out = split(sentences)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "held-out.crfsuite"
        vocab = vocabulary(training)
        started = time.perf_counter()
        train(training, vocab, trial)
        seconds = time.perf_counter() - started
        import pycrfsuite

        tagger = pycrfsuite.Tagger()
        tagger.open(str(trial))
        recogniser = NameRecogniser(tagger, vocab, {}, load_gazetteer())
        predicted = recogniser.tag_all([words for words, _ in held_out])
        figures = score([tags for _, tags in held_out], predicted)
        whole = [tagger.tag(sentence_features(words, recogniser.gazetteer, vocab)) for words, _ in held_out]
        figures["whole_sentences"] = {k: score([tags for _, tags in held_out], whole)[k] for k in ("untyped", "typed")}
        figures["speed"] = speed(recogniser, held_out)
        tagged = sum(b - a for words, _ in held_out for a, b in windows(words, recogniser.gazetteer.tags(words)))
        figures["tagged_share"] = round(tagged / sum(len(words) for words, _ in held_out), 3)
        figures["training_seconds"] = round(seconds, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    model = args.out / "ner-id.crfsuite"
    full_vocab = vocabulary(sentences)
    train(sentences, full_vocab, model)
    card = {
        "model": model.name,
        "feature_version": FEATURE_VERSION,
        "types": list(TYPES),
        "settings": SETTINGS,
        "features": {
            "window": 2,
            "tagged_around_candidates": WINDOW,
            "affixes": 4,
            "shape": True,
            "position": True,
            "titles": True,
            "vocabulary": VOCABULARY_SIZE,
            "gazetteer": True,
        },
        "data": {
            "source": SOURCE,
            "licence": LICENCE,
            "sha256": digest,
            "known_sha256": digest == DATA_SHA256,
            "sentences": len(sentences),
            "tokens": sum(len(w) for w, _ in sentences),
        },
        "validation": {
            "split": f"sentence i held out when i % {HELD_OUT_EVERY} == {HELD_OUT_EVERY - 1}",
            "training_sentences": len(training),
            "held_out_sentences": len(held_out),
            **figures,
        },
        "model_bytes": model.stat().st_size,
        "model_sha256": hashlib.sha256(model.read_bytes()).hexdigest(),
        "vocabulary": sorted(full_vocab),
    }
    (args.out / "ner-id.json").write_text(json.dumps(card, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "MODEL_CARD.md").write_text(model_card(card), encoding="utf-8")
    v = card["validation"]
    print(
        f"held out {v['held_out_sentences']} sentences: names found exactly F1 {v['untyped']['f1']:.3f}, typed F1 {v['typed']['f1']:.3f}; "
        f"{v['speed']['tokens_per_second']:,} tokens/s; model {card['model_bytes']:,} bytes in {model}"
    )
    return 0


def model_card(card: dict) -> str:
    """The model card for a reader, from the card's figures."""
    v = card["validation"]
    rows = "\n".join(
        f"| {k} | {v[k]['precision']:.3f} | {v[k]['recall']:.3f} | {v[k]['f1']:.3f} | {v[k]['gold']} |"
        for k in ("untyped", "typed", *card["types"])
    )
    return f"""# Model card: the Indonesian name recogniser (`{card["model"]}`)

Written by `make model` (`python -m analysis.ner_train`); the figures below come from that run.

**What it does.** Tags person (PER), organisation (ORG) and place (LOC) names in Indonesian news text, token by
token (IOB2), for `analysis.ner.NameRecogniser`.

**Model.** A linear-chain CRF (CRFsuite through python-crfsuite, L-BFGS, c1 = {card["settings"]["c1"]},
c2 = {card["settings"]["c2"]}, {card["settings"]["max_iterations"]} iterations, all possible transitions), features version
{card["feature_version"]}: the lower-cased word and its neighbours two on each side; case, word shape and collapsed
character shape; prefixes and suffixes of 1-4 letters; first and last position and capitalisation after the first
word; a title word one or two words before ("Presiden", "Ketua", "Bapak"); the word itself when it is one of the
{card["features"]["vocabulary"]:,} commonest training words, else its shape; and the gazetteers
(`data/lexicons/entities.csv`, `states.csv`) marking names they list. No part-of-speech tagger is used.
Size: {card["model_bytes"]:,} bytes.

**Data.** {card["data"]["source"]}: {card["data"]["sentences"]:,} sentences, {card["data"]["tokens"]:,} tokens of Indonesian
online news (2010s, mostly domestic politics and economy), sha256 `{card["data"]["sha256"]}`. The data is not part
of this project. Licence of the data: {card["data"]["licence"]}; the MIT notice applies to this model, which is derived
from it: "Permission is hereby granted, free of charge, to any person obtaining a copy of this software and associated
documentation files (the "Software"), to deal in the Software without restriction [...] The above copyright notice and
this permission notice shall be included in all copies or substantial portions of the Software."

**Validation.** {v["split"]}: a model trained with the same settings on the other {v["training_sentences"]:,} sentences,
scored on the {v["held_out_sentences"]} held out (exact spans; "untyped" counts a name whose start and end match,
"typed" also needs the type). The shipped model is then trained on all sentences.

| spans | precision | recall | F1 | gold spans |
| --- | --- | --- | --- | --- |
{rows}

**Tagging.** Only the stretches of a sentence around a capitalised word or a gazetteer name ({card["features"]["tagged_around_candidates"]} words
on each side) are tagged, the rest is O: on the held-out sentences that finds the same names as tagging whole sentences
(typed F1 {v["whole_sentences"]["typed"]["f1"]:.3f} whole, {v["typed"]["f1"]:.3f} so), reading {v["tagged_share"]:.0%} of the words.
Speed: {v["speed"]["tokens_per_second"]:,} tokens a second, {v["speed"]["mb_per_second"]} MB/s of text: the held-out sentences in one call, as the pipeline tags a batch of articles, every word's features computed afresh
(median of 3 runs on the held-out sentences, one process); training took {v["training_seconds"]} s.

**Limits.** The training news is domestic and of the 2010s: names of other fields and years, and foreign places, are
found less often. Capitalisation carries much of the signal, so a name that opens a sentence and is not in the
gazetteers is often missed, and capitalised terms that are not names (*Produk Domestik Bruto*) may be tagged ORG.
The data often leaves a country acting as an agent unlabelled, so the model does too.
"""


if __name__ == "__main__":
    sys.exit(main())
