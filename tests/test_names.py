"""Merging the gazetteer's mentions with the name recogniser's spans within an article."""

from __future__ import annotations

import pytest

from analysis.entities import EntityMatcher, article_mentions, load_gazetteer
from analysis.names import merge_article, name_key


@pytest.fixture(scope="module")
def matcher():
    return EntityMatcher(load_gazetteer())


def spans(text, *items, para=1):
    """``(para, start, end, TYPE)`` for each ``(words, TYPE)`` (or ``(words, TYPE, search_from)``)."""
    out = []
    for words, kind, *after in items:
        start = text.index(words, after[0] if after else 0)
        out.append((para, start, start + len(words), kind))
    return out


def merged(text, matcher, *items):
    gazetteer = [m[:6] for m in article_mentions([(1, text)], matcher)]
    rows, aliases = merge_article({1: text}, gazetteer, spans(text, *items))
    return [(r.entity, r.type, r.surface, r.source) for r in rows], aliases


def test_same_words_keep_the_gazetteer_name(matcher):
    rows, _ = merged("Vladimir Putin tiba di Tiongkok.", matcher, ("Vladimir Putin", "PER"), ("Tiongkok", "LOC"))
    assert rows == [("Vladimir Putin", "person", "Vladimir Putin", "both"), ("China", "place", "Tiongkok", "both")]


def test_gazetteer_wins_an_overlap(matcher):
    rows, _ = merged("Presiden Rusia Vladimir Putin hadir.", matcher, ("Rusia Vladimir Putin", "PER"))
    assert rows == [("Russia", "place", "Rusia", "gazetteer"), ("Vladimir Putin", "person", "Vladimir Putin", "gazetteer")]
    rows, _ = merged("Menteri Luar Negeri China Wang Yi hadir.", matcher, ("Luar Negeri China", "ORG"))
    assert rows[0][:2] == ("China", "place")  # a title left in the span does not take the place from the gazetteer


def test_unknown_names_are_normalised_and_found_only_once_each(matcher):
    text = "Gubernur Ridwan Kamil datang. Kata Ridwan Kamilnya, RIDWAN KAMIL siap."
    rows, _ = merged(text, matcher, ("Ridwan Kamil", "PER"), ("Ridwan Kamilnya", "PER"), ("RIDWAN KAMIL", "PER"))
    assert [r[0] for r in rows] == ["Ridwan Kamil"] * 3 and {r[3] for r in rows} == {"model"}
    assert name_key("Ridwan  Kamilnya") == name_key("RIDWAN KAMIL") == "ridwan kamil"
    assert name_key("Hanya") == "hanya"  # too short to hold an enclitic


def test_full_name_and_acronym_count_once_and_link_later_mentions(matcher):
    text = "Komisi Pemberantasan Korupsi (KPK) memeriksa Budi Santoso. KPK lalu menahan Santoso."
    rows, aliases = merged(
        text,
        matcher,
        ("Komisi Pemberantasan Korupsi", "ORG"),
        ("KPK", "ORG"),
        ("Budi Santoso", "PER"),
        ("KPK", "ORG", 40),
        ("Santoso", "PER", 60),
    )
    assert [(r[0], r[2]) for r in rows] == [
        ("Komisi Pemberantasan Korupsi", "Komisi Pemberantasan Korupsi"),
        ("Budi Santoso", "Budi Santoso"),
        ("Komisi Pemberantasan Korupsi", "KPK"),
        ("Budi Santoso", "Santoso"),
    ]
    assert aliases == [("Komisi Pemberantasan Korupsi", "KPK")]


def test_a_gazetteer_full_name_with_its_acronym_is_one_mention(matcher):
    text = "Pengadilan Kriminal Internasional (ICC) mengeluarkan surat perintah."
    rows, aliases = merged(text, matcher, ("Pengadilan Kriminal Internasional", "ORG"), ("ICC", "ORG"))
    assert [(r[0], r[3]) for r in rows] == [("ICC", "both")] and aliases == []


def test_a_one_word_person_links_to_the_full_name_seen_before(matcher):
    text = "Menteri Budi Gunadi Sadikin hadir. Budi menyebut vaksin cukup. Gunadi menambahkan."
    rows, _ = merged(text, matcher, ("Budi Gunadi Sadikin", "PER"), ("Budi", "PER", 30), ("Gunadi", "PER", 60))
    assert [r[0] for r in rows] == ["Budi Gunadi Sadikin"] * 3
    # a one-word name with no longer name before it stays itself
    rows, _ = merged("Budi datang lebih awal.", matcher, ("Budi", "PER"))
    assert rows == [("Budi", "person", "Budi", "model")]


def test_names_to_add_lists_the_models_names_with_their_forms():
    import pandas as pd

    from analysis.names import CANDIDATE_COLUMNS, names_to_add

    mentions = pd.DataFrame(
        [
            ("a", 1, "Komisi Pemberantasan Korupsi", "organization", "Komisi Pemberantasan Korupsi", 0, 28, "model"),
            ("a", 2, "Komisi Pemberantasan Korupsi", "organization", "KPK", 0, 3, "model"),
            ("b", 1, "Komisi Pemberantasan Korupsi", "organization", "KPK", 5, 8, "model"),
            ("b", 1, "China", "place", "Tiongkok", 10, 18, "both"),
            ("b", 2, "Rp", "organization", "Rp", 0, 2, "model"),
        ],
        columns=["doc_id", "para_id", "entity", "type", "surface", "start", "end", "source"],
    )
    paragraphs = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "para_id": [1, 2, 1, 2], "text": ["p1", "p2", "p3", "p4"]})
    table = names_to_add(mentions, ignore=["Rp"], paragraphs=paragraphs)
    assert table.columns.tolist() == CANDIDATE_COLUMNS
    assert table.values.tolist() == [["Komisi Pemberantasan Korupsi", 3, 2, "p1", "organization", "Komisi Pemberantasan Korupsi|KPK"]]


def test_discovery_with_the_recogniser_is_typed(tmp_path):
    from analysis import config
    from analysis.pipeline import run_pipeline

    tables = run_pipeline(
        tmp_path / "run", corpus_dirs=[str(config.SEEDS_DIR)], stages=["discovery"], scheduler="synchronous", cache_dir=tmp_path / "cache"
    )
    candidates = tables.entity_candidates
    assert len(candidates) and set(candidates["type"]) <= {"person", "organization", "place"}
    assert all(c in f.split("|") for c, f in zip(candidates["candidate"], candidates["forms"]))
    plain = run_pipeline(
        tmp_path / "plain",
        corpus_dirs=[str(config.SEEDS_DIR)],
        stages=["discovery"],
        scheduler="synchronous",
        cache_dir=tmp_path / "cache",
        recogniser=False,
    ).entity_candidates
    assert (plain["type"] == "").all() and "Bandara Internasional Ibu Kota Beijing" in set(plain["candidate"])
