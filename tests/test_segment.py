"""Sentences (Punkt with abbreviations), tokens with offsets, and the stopword list."""

from __future__ import annotations

import pytest

from analysis.segment import count_words, load_stopwords, read_word_list, sentence_splitter, tokenize, words


@pytest.fixture(scope="module")
def splitter(seed_tables):
    return sentence_splitter()


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Presiden Rusia Vladimir Putin di St. Petersburg pada 29 Juli. Ia lalu terbang ke Beijing.", 2),
        ("Menurut Dr. Ahmad, kunjungan itu penting. Prof. Budi setuju.", 2),
        ('"Kami menghargai kemitraan ini," kata Putin. Xi setuju.', 2),
        ("Omzet naik 17,9 persen. Nilainya USD 3,5 miliar.", 2),
        ("Satu kalimat saja tanpa titik", 1),
        ('"Kami siap!" kata Putin. Xi setuju.', 2),
        ('"Apakah Rusia akan menyerang?" tanya wartawan itu.', 1),
        ("Saham PT Bank Central Asia Tbk. naik 12 persen. Investor senang.", 2),
        ("Kapolri Jenderal Pol. Listyo Sigit hadir. Ia berbicara.", 2),
        ("Harga Rp. 1.250 per liter. Naik lagi.", 2),
        ("Ahmad, M.Si. mengatakan hal itu. Lalu pulang.", 2),
        ("Libur 1 s.d. 5 Januari. Kantor tutup.", 2),
        ("Negara a.l. Rusia dan China hadir. Semua setuju.", 2),
        ("Pertemuan di Washington D.C. pada Senin. Xi hadir.", 2),
        ("1. Perjanjian antara Indonesia dan Pakistan tentang pendidikan. Kedua negara setuju.", 2),
        ("KPK menetapkan PT Antam Tbk. Perusahaan itu membantah.", 2),
        ("Produk Rusia, China, dll. masuk ke pasar.", 1),
        ('termasuk Amerika Serikat . " Negara ASEAN juga bertindak . "', 2),
        ("Susilo B. Yudhoyono hadir. Ia tersenyum.", 2),
        ("Wajah Yoona lebih kecil lagi... Luar biasa.", 2),
    ],
)
def test_sentences(splitter, text, sentences):
    found = splitter.split(text)
    assert len(found) == sentences, found
    for start, end, sentence in found:
        assert text[start:end] == sentence


def test_seed_sentences_have_offsets_into_their_paragraph(seed_tables):
    paragraphs = seed_tables.paragraphs.set_index(["doc_id", "para_id"])["text"]
    for row in seed_tables.sentences.itertuples():
        assert paragraphs[(row.doc_id, row.para_id)][row.start : row.end] == row.text


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Omzet tumbuh 17,9 persen.", ["Omzet", "tumbuh", "17,9", "persen", "."]),
        ("hampir USD 3,5 miliar", ["hampir", "USD", "3,5", "miliar"]),
        ("anak-anak dari Ukraina", ["anak-anak", "dari", "Ukraina"]),
        ("1.250 kontrak", ["1.250", "kontrak"]),
        ("Rp1.250 per liter", ["Rp", "1.250", "per", "liter"]),
        ("Rp3,5 triliun", ["Rp", "3,5", "triliun"]),
        ("US$900 miliar", ["US$", "900", "miliar"]),
        ("Rpm mesin", ["Rpm", "mesin"]),
    ],
)
def test_tokens(text, tokens):
    found = tokenize(text)
    assert [t for _, _, t in found] == tokens
    assert all(text[s:e] == t for s, e, t in found)


def test_words_leave_out_punctuation():
    assert words('"Rusia," kata Putin.') == ["Rusia", "kata", "Putin"]
    assert count_words('"Rusia," kata Putin, US$900 miliar.') == 6


@pytest.mark.parametrize("text", ["Omzet tumbuh 17,9 persen.", "US$900 miliar; Rp1.250/kg!", "anak-anak (dan) A$5 $ 3.5.1"])
def test_words_are_the_word_tokens(text):
    assert words(text) == [t for _, _, t in tokenize(text) if any(ch.isalnum() or ch == "_" for ch in t)]


def test_stopwords_with_project_additions_and_removals(tmp_path):
    default = load_stopwords()
    assert {"yang", "dan", "di", "dilansir"} <= default  # package list + data/lexicons/stopwords_add.txt
    assert "besar" not in default  # data/lexicons/stopwords_remove.txt
    add = tmp_path / "add.txt"
    add.write_text("# comment\nKremlin\n\n", encoding="utf-8")
    remove = tmp_path / "remove.txt"
    remove.write_text("yang  # keep it\n", encoding="utf-8")
    custom = load_stopwords(add=add, remove=remove)
    assert "kremlin" in custom and "yang" not in custom


def test_read_word_list_missing_file(tmp_path):
    assert read_word_list(tmp_path / "none.txt") == []


@pytest.mark.parametrize("text", [" ".join(["kata"] * 3000) + ". Kalimat kedua.", "a" * 2500, ("x" * 999 + " ") * 3])
def test_a_run_without_sentence_ends_is_cut_into_bounded_pieces(text):
    from analysis.segment import MAX_SENTENCE_CHARS

    pieces = sentence_splitter().split(text)
    assert all(end - start <= MAX_SENTENCE_CHARS and text[start:end] == piece for start, end, piece in pieces)
    assert "".join(piece for _, _, piece in pieces).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert all(a[1] <= b[0] for a, b in zip(pieces, pieces[1:]))


def test_amounts_of_a_long_line_keep_a_bounded_sentence():
    import pandas as pd

    from analysis.amounts import extract_amounts
    from analysis.segment import MAX_SENTENCE_CHARS

    line = " ".join(f"{n} persen" for n in range(1, 3000))  # 3,000 amounts on one line: quadratic before the pieces
    pieces = sentence_splitter().split(line)
    found = [a for _, _, piece in pieces for a in extract_amounts(piece)]
    assert len(found) >= 2999 - len(pieces)  # at most an amount per cut is split from its "persen"
    assert max(len(p) for _, _, p in pieces) <= MAX_SENTENCE_CHARS
    assert pd.Series([a.value for a in found]).tolist()[:3] == [1.0, 2.0, 3.0]
