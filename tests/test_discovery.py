"""Name discovery: candidates come from capitalised runs, and names removed from the gazetteer are suggested back."""

from __future__ import annotations

import pytest

from analysis.discovery import candidate_runs, discover_candidates
from analysis.entities import EntityMatcher, find_mentions, load_gazetteer
from analysis.segment import load_stopwords


@pytest.mark.parametrize(
    ("sentence", "masked", "runs"),
    [
        ("Putin bertemu Presiden Sadyr Japarov di Bishkek.", [], ["Sadyr Japarov", "Bishkek"]),
        ("Menurut Bapak Patrushev, upaya itu gagal.", [], ["Patrushev"]),  # sentence start and title dropped
        ('"Kami setuju," kata Nikolai Patrushev pada Jumat.', [], ["Nikolai Patrushev"]),  # day breaks the run
        ("Putin bertemu Sadyr Japarov pada Oktober 2023.", [(14, 27)], []),  # a known mention is masked; months dropped
        ("Dia tiba di Kota Kant dan Bishkek.", [], ["Kota Kant", "Bishkek"]),  # "dan" (a stopword) breaks
    ],
)
def test_candidate_runs(sentence, masked, runs):
    assert candidate_runs(sentence, 0, masked, stop=set(load_stopwords()), titles={"presiden", "bapak"}) == runs


def test_known_mentions_inside_a_name_keep_it_whole():
    sentence = "Menurut Direktur Carnegie Russia Eurasia Center, Alexander Gabuev, itu benar."
    masked = [(sentence.index(w), sentence.index(w) + len(w)) for w in ("Russia", "Eurasia", "Alexander Gabuev")]
    runs = candidate_runs(sentence, 0, masked, stop=set(load_stopwords()), titles={"direktur"})
    assert runs == ["Carnegie Russia Eurasia Center"]


REMOVED = ["Sadyr Japarov", "Nikolai Patrushev", "CSTO", "Alexander Gabuev", "Kazan"]


def test_discovery_suggests_names_removed_from_the_gazetteer(seed_tables):
    reduced = [e for e in load_gazetteer() if e.name not in REMOVED]
    mentions = find_mentions(seed_tables.paragraphs, EntityMatcher(reduced))
    found = discover_candidates(seed_tables.sentences, seed_tables.paragraphs, mentions, stopwords=load_stopwords())
    suggested = set(found["candidate"])
    for name in REMOVED:
        assert any(name == c or name.split()[-1] == c for c in suggested), name
    top = found.set_index("candidate")
    assert top.loc["Japarov", "count"] >= 4 and top.loc["CSTO", "documents"] == 2
    assert top.loc["Sadyr Japarov", "llr"] > 0
    assert "Japarov" in top.loc["Japarov", "example"]
    # the full gazetteer finds these already, so they are not suggested
    full = find_mentions(seed_tables.paragraphs, EntityMatcher(load_gazetteer()))
    again = discover_candidates(seed_tables.sentences, seed_tables.paragraphs, full, stopwords=load_stopwords())
    assert not set(again["candidate"]) & {"Japarov", "CSTO", "Patrushev", "Kazan"}


def test_discovery_ignores_headings_and_sorts(seed_tables):
    mentions = find_mentions(seed_tables.paragraphs, EntityMatcher(load_gazetteer()))
    found = discover_candidates(seed_tables.sentences, seed_tables.paragraphs, mentions, stopwords=load_stopwords())
    assert "Kemitraan Tanpa Batas" not in set(found["candidate"])  # a heading of the kumparan article
    assert found["count"].is_monotonic_decreasing
    assert "KTT" not in set(found["candidate"])  # listed in data/lexicons/discovery_ignore.txt


def test_the_mentions_of_a_sentence_are_found_by_bisection_as_by_a_scan():
    import random

    from analysis.discovery import _overlapping

    rng = random.Random(3)
    spans = sorted((s, s + rng.randint(1, 30)) for s in (rng.randint(0, 5000) for _ in range(400)))
    starts, longest = [s for s, _ in spans], max(e - s for s, e in spans)
    for _ in range(200):
        low = rng.randint(0, 5000)
        high = low + rng.randint(1, 300)
        assert _overlapping(spans, starts, longest, low, high) == [(s, e) for s, e in spans if s < high and e > low]
