"""Amounts: numbers in both styles, magnitudes, currencies, percentages, qualifiers, directions, units, years and periods,
and the table on the seeds."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from analysis.amounts import (
    AMOUNT_COLUMNS,
    ISO_CODES,
    _find_amounts,
    amounts_table,
    extract_amounts,
    has_marker,
    parse_number,
    parse_number_words,
    time_expressions,
)
from analysis.entities import EntityMatcher, find_mentions, load_gazetteer

PUBLISHED = dt.date(2023, 10, 12)  # the date of the Kyrgyzstan seed article
USD, IDR = "USD", "IDR"

# (text, expected [(kind, value, currency, qualifier, year, period)]), read with PUBLISHED as the publication date.
CASES = [
    # --- the seed sentences
    (
        "Omzet perdagangan kami tumbuh 37 persen tahun lalu hingga mencapai rekor hampir USD 3,5 miliar.",
        [("percent", 37.0, "", "", 2022, ""), ("money", 3.5e9, USD, "approximate", 2022, "")],
    ),
    (
        'Pada paruh pertama tahun ini, omzet perdagangan kami tumbuh sebesar 17,9 persen," kata Putin.',
        [("percent", 17.9, "", "", 2023, "H1")],
    ),
    (
        "Terkait kemitraan ekonomi, omzet perdagangan pada tahun 2023 mencapai rekor 28 miliar dolar AS, dalam 9 bulan pertama "
        "tahun 2024 mencapai lebih dari 20 miliar dolar AS, dan kedua pihak menargetkan angka 30 miliar dolar AS pada tahun 2025.",
        [("money", 28e9, USD, "", 2023, ""), ("money", 20e9, USD, "more_than", 2024, "9M"), ("money", 30e9, USD, "target", 2025, "")],
    ),
    # The year is the nearest one (proximity, not a parse): 2013 is when Belt and Road began, not when it funded $900bn.
    (
        "yang diluncurkan pada tahun 2013 dan telah mendanai sekitar US$900 miliar dalam proyek infrastruktur dan lainnya.",
        [("money", 9e11, USD, "approximate", 2013, "")],
    ),
    (
        "Sanksi Minyak Mentah Barat ke Rusia Bikin China Makin Tajir, Hemat Jutaan Dolar dari Diskon",
        [("money", None, USD, "vague", None, "")],
    ),
    # --- seed negatives: durations, counts, years, dates, times, vague counts
    ("peringatan 20 tahun berdirinya pangkalan udara gabungan Rusia", []),
    ("Hubungan ini didasarkan pada lebih dari 300 kontrak dan perjanjian", []),
    ("dia telah bertemu dengan Xi lebih dari 40 kali", []),
    ("yang diluncurkan pada tahun 2013", []),
    ("Vladimir Putin tiba pada Kamis (12/10/2023).", []),
    ("kunjungan kenegaraan ke Kazakhstan dari 27-28 November.", []),
    ("Puluhan ribu mahasiswa Kazakhstan saat ini sedang menempuh pendidikan di Rusia.", []),
    ('akan "mengakhiri konflik di Ukraina dalam 24 jam"', []),
    ("20 Negara Kritik Serangan Israel di Jalur Gaza", []),
    ("30 Desember 2022 17:54 WIB", []),
    ("melakukan lawatan dua hari ke Kyrgyzstan", []),
    ("kunjungan ke-3 dan skor 3-1 pukul 10.15 WIB", []),
    ("omzet perdagangan mencapai 3,5 miliar", []),  # no currency: not money
    ("Sepanjang 2023 rupiah melemah terhadap dolar AS.", []),  # a year after a time word, not 2023 rupiah
    # --- number styles
    ("The Belt and Road has funded US$1.5 billion.", [("money", 1.5e9, USD, "", None, "")]),
    ("Harga Rp1.250 per liter.", [("money", 1250.0, IDR, "", None, "")]),
    ("Harga Rp. 1.250,75 per liter.", [("money", 1250.75, IDR, "", None, "")]),
    ("It cost 1,250.75 euros.", [("money", 1250.75, "EUR", "", None, "")]),
    ("It cost $1,250.", [("money", 1250.0, USD, "", None, "")]),
    ("APBN sebesar Rp3.325,1 triliun.", [("money", 3.3251e15, IDR, "", None, "")]),
    ("nilai USD3,5 miliar", [("money", 3.5e9, USD, "", None, "")]),
    ("turun menjadi 0,250 persen", [("percent", 0.25, "", "", None, "")]),
    ("kontraksi -2,1 persen", [("percent", -2.1, "", "", None, "")]),
    # --- magnitudes and currencies
    ("sebesar 28 miliar dolar Amerika Serikat", [("money", 28e9, USD, "", None, "")]),
    ("senilai dua miliar dolar Amerika", [("money", 2e9, USD, "", None, "")]),
    ("proyek senilai Rp 5 M", [("money", 5e9, IDR, "", None, "")]),
    ("a $5M deal", [("money", 5e6, USD, "", None, "")]),
    ("gaji Rp 10 jt dan bonus Rp 500 rb", [("money", 1e7, IDR, "", None, ""), ("money", 5e5, IDR, "", None, "")]),
    ("anggaran Rp 2,5 T", [("money", 2.5e12, IDR, "", None, "")]),
    ("500 juta rubel", [("money", 5e8, "RUB", "", None, "")]),
    ("1.5 million roubles", [("money", 1.5e6, "RUB", "", None, "")]),
    ("10 miliar yuan dan 3 miliar renminbi", [("money", 1e10, "CNY", "", None, ""), ("money", 3e9, "CNY", "", None, "")]),
    ("RMB 8 bn", [("money", 8e9, "CNY", "", None, "")]),
    ("150 ribu tenge dan KZT 2 juta", [("money", 1.5e5, "KZT", "", None, ""), ("money", 2e6, "KZT", "", None, "")]),
    ("200 juta som", [("money", 2e8, "KGS", "", None, "")]),
    ("€5 million and £3bn", [("money", 5e6, "EUR", "", None, ""), ("money", 3e9, "GBP", "", None, "")]),
    ("10 miliar dolar Singapura", [("money", 1e10, "SGD", "", None, "")]),
    ("3 ribu triliun rupiah", [("money", 3e15, IDR, "", None, "")]),
    ("USD 1 = Rp 15.000", [("money", 1.0, USD, "", None, ""), ("money", 15000.0, IDR, "", None, "")]),
    # --- vague amounts
    ("kerugian miliaran dolar AS", [("money", None, USD, "vague", None, "")]),
    ("puluhan miliar rupiah", [("money", None, IDR, "vague", None, "")]),
    ("millions of dollars in aid", [("money", None, USD, "vague", None, "")]),
    ("tens of billions of dollars", [("money", None, USD, "vague", None, "")]),
    ("naik puluhan persen", [("percent", None, "", "vague", None, "")]),
    ("ratusan juta orang", []),
    # --- percentages
    ("inflasi 2,5% dan suku bunga naik 0,25 persen poin", [("percent", 2.5, "", "", None, ""), ("percent", 0.25, "", "", None, "")]),
    ("growth of 17.9 percent and 3.5 per cent", [("percent", 17.9, "", "", None, ""), ("percent", 3.5, "", "", None, "")]),
    # --- ranges and changes
    ("USD 3-4 miliar", [("money", 3e9, USD, "range_low", None, ""), ("money", 4e9, USD, "range_high", None, "")]),
    ("antara 5 dan 7 persen", [("percent", 5.0, "", "range_low", None, ""), ("percent", 7.0, "", "range_high", None, "")]),
    ("biaya Rp20-30 juta", [("money", 2e7, "IDR", "range_low", None, ""), ("money", 3e7, "IDR", "range_high", None, "")]),
    ("tumbuh 6-8 persen", [("percent", 6.0, "", "range_low", None, ""), ("percent", 8.0, "", "range_high", None, "")]),
    ("sekitar 6-8 persen", [("percent", 6.0, "", "approximate", None, ""), ("percent", 8.0, "", "approximate", None, "")]),
    ("naik dari 5 hingga 7 persen", [("percent", 7.0, "", "", None, "")]),
    # --- qualifiers
    ("nyaris 10 persen", [("percent", 10.0, "", "approximate", None, "")]),
    ("kira-kira USD 2 juta", [("money", 2e6, USD, "approximate", None, "")]),
    ("nearly $1 trillion last year", [("money", 1e12, USD, "approximate", 2022, "")]),
    ("over 50 percent", [("percent", 50.0, "", "more_than", None, "")]),
    ("di atas Rp 1 triliun", [("money", 1e12, IDR, "more_than", None, "")]),
    ("kurang dari 3 persen", [("percent", 3.0, "", "less_than", None, "")]),
    ("less than $200m", [("money", 2e8, USD, "less_than", None, "")]),
    ("di bawah 5%", [("percent", 5.0, "", "less_than", None, "")]),
    ("Nilai investasi ditargetkan Rp 100 triliun.", [("money", 1e14, IDR, "target", None, "")]),
    ("a target of $30 billion by 2030", [("money", 3e10, USD, "target", 2030, "")]),
    ("sekitar 24 jam dan hampir 40 kali", []),  # a hedge is not an amount
    # --- years and periods
    ("Pada 2025 perdagangan mencapai USD 5 miliar.", [("money", 5e9, USD, "", 2025, "")]),
    ("Trade reached $5 billion in 2023.", [("money", 5e9, USD, "", 2023, "")]),
    ("Ekspor naik 5 persen pada 2022 dan 7 persen pada 2023.", [("percent", 5.0, "", "", 2022, ""), ("percent", 7.0, "", "", 2023, "")]),
    ("Pada semester pertama, ekspor naik 5 persen.", [("percent", 5.0, "", "", None, "H1")]),
    ("kuartal ketiga 2023 ekspor naik 5 persen", [("percent", 5.0, "", "", 2023, "Q3")]),
    ("in the first nine months of this year trade rose 12%", [("percent", 12.0, "", "", 2023, "9M")]),
    ("Q3 2023 revenue rose 5%", [("percent", 5.0, "", "", 2023, "Q3")]),
    ("Inflasi diperkirakan 3 persen tahun depan.", [("percent", 3.0, "", "", 2024, "")]),
    ("Dua tahun lalu nilainya Rp 10 juta.", [("money", 1e7, IDR, "", 2021, "")]),
    (
        "Pada kuartal III tahun lalu ekspor USD 5 miliar, sedangkan pada 2021 hanya USD 3 miliar.",
        [("money", 5e9, USD, "", 2022, "Q3"), ("money", 3e9, USD, "", 2021, "")],
    ),
]


def _tuples(amounts):
    return [(a.kind, a.value, a.currency, a.qualifier, a.year, a.period) for a in amounts]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_extract_amounts(text, expected):
    found = extract_amounts(text, published=PUBLISHED)
    assert _tuples(found) == expected
    for a in found:
        assert text[a.start : a.end] == a.text


def test_there_are_enough_cases():
    assert len(CASES) >= 40
    assert sum(1 for _, expected in CASES if not expected) >= 10


def test_spans_include_currency_and_magnitude():
    [a] = extract_amounts("mencapai rekor hampir USD 3,5 miliar.")
    assert a.text == "USD 3,5 miliar"
    [a] = extract_amounts("mencapai rekor 28 miliar dolar AS, dalam")
    assert a.text == "28 miliar dolar AS"


def test_relative_years_need_a_publication_date():
    text = "Omzet perdagangan kami tumbuh 37 persen tahun lalu hingga mencapai rekor hampir USD 3,5 miliar."
    assert [a.year for a in extract_amounts(text)] == [None, None]
    assert [a.year for a in extract_amounts(text, published=dt.date(2020, 1, 1))] == [2019, 2019]
    assert [a.year for a in extract_amounts("Pada tahun 2023 nilainya USD 5 miliar.")] == [2023]


# --- Review fixes (A1-A10), read with a publication date of 2024-10-15: (text, expected [dict of the fields checked]).
PUBLISHED_2024 = dt.date(2024, 10, 15)
FIX_CASES = [
    # A1: before a percent marker or a magnitude word, a single separator before three digits is a decimal mark
    ("Imbal hasil SUN naik ke 6,875 persen", [{"kind": "percent", "value": 6.875, "change": ""}]),
    ("Inflasi inti 2,125%", [{"kind": "percent", "value": 2.125}]),
    ("Penerimaan negara Rp 1,125 triliun", [{"value": 1.125e12, "currency": IDR}]),
    ("Nilai ekspor US$ 2,345 miliar", [{"value": 2.345e9, "currency": USD}]),
    ("Pinjaman US$1.250 billion", [{"value": 1.25e9, "currency": USD}]),
    ("Yield 6.875 percent", [{"value": 6.875}]),
    ("Harga Rp1.250", [{"value": 1250.0, "currency": IDR}]),
    ("Kurs Rp15.750", [{"value": 15750.0, "currency": IDR}]),
    ("It cost $1,250.", [{"value": 1250.0}]),
    # an Indonesian magnitude keeps the dot a thousands separator, as budget news writes it
    ("APBN Rp3.061 triliun", [{"value": 3.061e15, "currency": IDR}]),
    # A2: a plain year with a currency word after it is a year, not money
    ("Pada Oktober 2024 dolar AS menguat terhadap rupiah.", []),
    ("Sejak Agustus 2023 rupiah melemah 5 persen.", [{"kind": "percent", "value": 5.0, "year": 2023, "change": "down"}]),
    ("Di 2024 rupiah diperkirakan stabil.", []),
    ("Tahun 2024 dolar AS perkasa.", []),
    ("Kurs 2024 dolar AS stabil", []),
    ("Koin seharga 2000 rupiah", [{"value": 2000.0, "currency": IDR}]),  # a price word keeps it money
    ("Harga emas 2000 dolar AS per ons", [{"value": 2000.0, "currency": USD, "per": "ons"}]),  # so does a unit
    ("Tarif Rp2024", [{"value": 2024.0, "currency": IDR}]),  # and a currency sign before it
    # A3: periods joined to their year by a hyphen or slash, compact periods, month ranges
    ("Ekspor kuartal III-2024 naik 5 persen", [{"year": 2024, "period": "Q3"}]),
    ("Ekspor triwulan III-2024 naik 5 persen", [{"year": 2024, "period": "Q3"}]),
    ("Laba Q3-2024 naik 5 persen", [{"year": 2024, "period": "Q3"}]),
    ("Laba Semester I-2023 naik 5 persen", [{"year": 2023, "period": "H1"}]),
    ("Laba semester II/2023 naik 5 persen", [{"year": 2023, "period": "H2"}]),
    ("Laba kuartal I/2024 naik 5 persen", [{"year": 2024, "period": "Q1"}]),
    ("Ekspor Januari-September 2024 mencapai USD 5 miliar", [{"year": 2024, "period": "9M"}]),
    ("Ekspor Januari-Juni 2024 mencapai USD 5 miliar", [{"year": 2024, "period": "H1"}]),
    ("Ekspor Juli hingga September 2023 naik 2 persen", [{"year": 2023, "period": "Q3"}]),
    ("Laba 1H24 naik 5 persen", [{"year": 2024, "period": "H1"}]),
    ("Laba 3Q24 naik 5 persen", [{"year": 2024, "period": "Q3"}]),
    ("Laba 9M24 naik 5 persen", [{"year": 2024, "period": "9M"}]),
    # A4 and A5: units after "/" or "per" are found and marked; a currency unit is its ISO code
    ("harga Rp80.000/kg", [{"value": 80000.0, "currency": IDR, "per": "kg", "text": "Rp80.000/kg"}]),
    ("Kurs Rp15.750/US$", [{"value": 15750.0, "currency": IDR, "per": USD}]),
    ("harga rata-rata $78/barel", [{"value": 78.0, "currency": USD, "per": "barel"}]),
    ("Rupiah ditutup di level Rp15.750 per dolar AS.", [{"value": 15750.0, "per": USD, "text": "Rp15.750 per dolar AS"}]),
    ("Harga minyak Rusia 80 dolar AS per barel", [{"value": 80.0, "currency": USD, "per": "barel"}]),
    ("Bunga 5 persen per tahun", [{"kind": "percent", "per": "tahun"}]),
    ("Kredit Rp 5 triliun per 31 Desember 2023.", [{"value": 5e12, "per": "", "year": 2023}]),  # "as of", not a unit
    ("Dana Rp 5 triliun per akhir Juni.", [{"value": 5e12, "per": ""}]),
    ("Ekspor USD 5 miliar", [{"per": ""}]),
    # A6: contrast words end the target's clause; a target word after a comparison is no target
    (
        "Target pertumbuhan tahun ini 5,2 persen namun realisasi hanya 4,8 persen.",
        [{"value": 5.2, "qualifier": "target"}, {"value": 4.8, "qualifier": ""}],
    ),
    ("Penerimaan pajak mencapai 105 persen dari target.", [{"value": 105.0, "qualifier": ""}]),
    ("Penerimaan Rp 1.800 triliun melebihi target.", [{"value": 1.8e15, "qualifier": ""}]),
    (
        "Realisasi mencapai 68 persen dari target Rp 1.988,9 triliun",
        [{"value": 68.0, "qualifier": ""}, {"value": 1.9889e15, "qualifier": "target"}],
    ),
    ("Investasi Rp 100 triliun yang ditargetkan", [{"qualifier": "target"}]),
    ("Target $5 billion but sales reached $4 billion", [{"qualifier": "target"}, {"qualifier": ""}]),
    # A7: direction from the words just before the amount; signs make the value negative
    ("Ekspor turun 3 persen dan impor naik 4 persen", [{"value": 3.0, "change": "down"}, {"value": 4.0, "change": "up"}]),
    ("Ekonomi terkontraksi -2,1 persen", [{"value": -2.1, "change": "down"}]),
    ("Ekonomi tumbuh minus 2,1 persen", [{"value": -2.1, "change": "down", "text": "minus 2,1 persen"}]),
    ("Ekonomi tumbuh negatif 2,1 persen", [{"value": -2.1, "change": "down"}]),
    ("Penjualan meningkat sebesar 12 persen", [{"value": 12.0, "change": "up"}]),
    ("Saham anjlok hampir 7%", [{"value": 7.0, "change": "down", "qualifier": "approximate"}]),
    ("Sales fell 3% while costs rose by 2%", [{"change": "down"}, {"change": "up"}]),
    ("Ekspor naik menjadi USD 5 miliar", [{"value": 5e9, "change": ""}]),  # a new level, not the size of a change
    ("Sales rose to $5 billion", [{"change": ""}]),
    # A8: a time expression introduced by a comparison word is a base, not the amount's year
    ("Penjualan naik 12 persen dibandingkan tahun lalu.", [{"value": 12.0, "year": 2024, "change": "up"}]),
    (
        "Laba bersih Rp 5 triliun, naik 10% dari Rp 4,5 triliun pada 2023.",
        [{"value": 5e12, "year": None}, {"value": 10.0, "year": None, "change": "up"}, {"value": 4.5e12, "year": 2023}],
    ),
    ("Ekspor kuartal III naik 5 persen dibandingkan periode yang sama tahun lalu.", [{"year": 2024, "period": "Q3"}]),
    ("Ekspor USD 5 miliar, lebih tinggi dibandingkan 2023.", [{"year": None}]),
    ("Inflasi turun dari 5 persen menjadi 3 persen pada 2024.", [{"value": 5.0, "year": None}, {"value": 3.0, "year": 2024}]),
    ("Ekspor lebih dari USD 5 miliar pada 2023.", [{"year": 2023, "qualifier": "more_than"}]),  # "lebih dari" is a hedge
    # A9: compound number words are read whole, or refused
    ("dua puluh lima persen", [{"value": 25.0, "text": "dua puluh lima persen"}]),
    ("lima belas persen", [{"value": 15.0}]),
    ("dua ratus lima puluh juta rupiah", [{"value": 2.5e8, "currency": IDR}]),
    ("dua juta lima ratus ribu rupiah", [{"value": 2.5e6}]),
    ("seratus dua puluh miliar dolar AS", [{"value": 1.2e11}]),
    ("satu setengah miliar dolar AS", [{"value": 1.5e9}]),
    ("twenty-five percent", [{"value": 25.0}]),
    ("dua tiga persen", []),
    # A10: "-an" is vague, "persen poin" a percentage, and yen, ringgit and won
    ("harga US$70-an", [{"value": None, "currency": USD, "qualifier": "vague", "text": "US$70-an"}]),
    ("gaji Rp 5 jutaan", [{"value": None, "currency": IDR, "qualifier": "vague"}]),
    ("suku bunga naik 3 persen poin", [{"kind": "percent", "value": 3.0, "per": "", "change": "up"}]),
    ("investasi \u00a5500 juta", [{"value": 5e8, "currency": "JPY"}]),
    ("500 juta ringgit dan RM 2 juta", [{"value": 5e8, "currency": "MYR"}, {"value": 2e6, "currency": "MYR"}]),
    ("10 miliar won", [{"value": 1e10, "currency": "KRW"}]),
]


@pytest.mark.parametrize(("text", "expected"), FIX_CASES, ids=[text[:40] for text, _ in FIX_CASES])
def test_review_fixes(text, expected):
    found = extract_amounts(text, published=PUBLISHED_2024)
    assert [{key: getattr(a, key) for key in fields} for a, fields in zip(found, expected)] == expected
    assert len(found) == len(expected)
    for a in found:
        assert text[a.start : a.end] == a.text


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [("6,875", ".,", 6.875), ("6.875", ".,", 6.875), ("1,125", ",", 1.125), ("3.061", ",", 3061.0), ("1.250", "", 1250.0)],
)
def test_parse_number_decimal_marks(text, decimal, value):
    assert parse_number(text, decimal=decimal) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("dua puluh lima", 25.0),
        ("lima belas", 15.0),
        ("dua ratus lima puluh juta", 2.5e8),
        ("seratus dua puluh", 120.0),
        ("seribu lima ratus", 1500.0),
        ("tiga ribu triliun", 3e15),
        ("satu setengah", 1.5),
        ("sebelas", 11.0),
        ("one hundred twenty five", 125.0),
        ("twenty-five", 25.0),
        ("dua tiga", None),
        ("lima puluh dua ratus", None),
        ("five twenty", None),
        ("puluh", None),
    ],
)
def test_parse_number_words(text, value):
    assert parse_number_words(text) == value


def test_time_expressions_joined_and_compact():
    refs = time_expressions("kuartal III-2024, Q3-2024, semester II/2023, 9M24, Januari-Juni 2024, Januari-Desember 2023")
    assert [(r.year, r.period) for r in refs] == [(2024, "Q3"), (2024, "Q3"), (2023, "H2"), (2024, "9M"), (2024, "H1"), (2023, "")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3,5", 3.5),
        ("3.5", 3.5),
        ("17,9", 17.9),
        ("1.250", 1250.0),
        ("1,250", 1250.0),
        ("1.250,75", 1250.75),
        ("1,250.75", 1250.75),
        ("1.250.000", 1250000.0),
        ("1,250,000", 1250000.0),
        ("0,250", 0.25),
        ("12.5", 12.5),
        ("1.2345", 1.2345),
        ("28", 28.0),
        ("1.25.3", None),
        ("1.250,75,3", None),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_time_expressions():
    refs = time_expressions("dalam 9 bulan pertama tahun 2024, 20 tahun, 12/10/2023, tahun lalu", published=PUBLISHED)
    assert [(r.year, r.period) for r in refs] == [(2024, "9M"), (2022, "")]
    assert [(r.year, r.period) for r in time_expressions("tahun lalu dan tahun 2019")] == [(None, ""), (2019, "")]


# --- The table on the seed articles


@pytest.fixture(scope="module")
def seed_mentions(seed_tables):
    return find_mentions(seed_tables.paragraphs, EntityMatcher(load_gazetteer()))


@pytest.fixture(scope="module")
def seed_amounts(seed_tables, seed_mentions):
    return amounts_table(seed_tables.sentences, seed_tables.documents, seed_mentions)


def test_columns(seed_amounts):
    assert list(seed_amounts.columns) == AMOUNT_COLUMNS
    assert AMOUNT_COLUMNS[:9] == ["doc_id", "para_id", "kind", "value", "currency", "qualifier", "year", "partners", "text"]
    assert AMOUNT_COLUMNS[-2:] == ["per", "change"]
    assert str(seed_amounts["year"].dtype) == "Int64"


def test_offsets_point_into_the_paragraph(seed_tables, seed_amounts):
    paragraphs = seed_tables.paragraphs.set_index(["doc_id", "para_id"])["text"]
    assert len(seed_amounts)
    for row in seed_amounts.itertuples():
        assert paragraphs[(row.doc_id, row.para_id)][row.start : row.end] == row.text
    assert seed_amounts.equals(seed_amounts.sort_values(["doc_id", "para_id", "start"], ignore_index=True))


def test_kyrgyzstan_trade_figure(seed_amounts):
    rows = seed_amounts[(seed_amounts["doc_id"] == "000_0375a09f782309bd") & (seed_amounts["kind"] == "money")]
    [row] = rows.itertuples()
    assert (row.currency, row.value, row.year, row.qualifier) == ("USD", 3.5e9, 2022, "approximate")
    # Kyrgyzstan is named in the sentence before ("Rusia adalah salah satu mitra dagang utama Kyrgyzstan."),
    # not in the one with the figure: the partners come from the paragraph, and the table says so.
    assert "Kyrgyzstan" not in row.sentence
    assert (row.partners, row.partners_from) == ("Russia; Kyrgyzstan", "paragraph")
    percents = seed_amounts[(seed_amounts["doc_id"] == "000_0375a09f782309bd") & (seed_amounts["kind"] == "percent")]
    assert percents[["value", "year", "period"]].values.tolist() == [[37.0, 2022, ""], [17.9, 2023, "H1"]]


def test_kazakhstan_trade_figures(seed_tables, seed_amounts):
    rows = seed_amounts[seed_amounts["doc_id"] == "002_158d66d5944f3519"]
    assert rows[["value", "qualifier", "year", "period"]].values.tolist() == [
        [28e9, "", 2023, ""],
        [20e9, "more_than", 2024, "9M"],
        [30e9, "target", 2025, ""],
    ]
    # The figures' sentence ("Terkait kemitraan ekonomi, omzet perdagangan pada tahun 2023 ...") names no country:
    # "dolar AS" is the currency, not the United States, and Kazakhstan is named in the sentence before it,
    # so the partners come from the paragraph.
    assert set(rows["partners"]) == {"Kazakhstan; Russia"} and set(rows["partners_from"]) == {"paragraph"}
    sentences = seed_tables.sentences
    para = sentences[(sentences["doc_id"] == "002_158d66d5944f3519") & (sentences["para_id"] == rows["para_id"].iloc[0])]
    assert "Kazakhstan" in para["text"].iloc[0] and "Kazakhstan" not in rows["sentence"].iloc[0]


def test_partners_are_places_of_the_same_sentence_in_order():
    sentences = pd.DataFrame(
        {
            "doc_id": ["d", "d"],
            "para_id": [1, 1],
            "sent_id": [1, 2],
            "start": [0, 25],
            "end": [24, 80],
            "text": ["Kazakhstan senang sekali.", "Ekspor Rusia ke China dan Rusia naik 5 persen pada 2023."],
        }
    )
    documents = pd.DataFrame({"doc_id": ["d"], "date": [""]})
    mentions = pd.DataFrame(
        {
            "doc_id": ["d"] * 5,
            "para_id": [1] * 5,
            "entity": ["Kazakhstan", "Russia", "China", "Russia", "Xi Jinping"],
            "type": ["place", "place", "place", "place", "person"],
            "surface": [""] * 5,
            "start": [0, 32, 41, 51, 70],
            "end": [10, 37, 46, 56, 72],
        }
    )
    table = amounts_table(sentences, documents, mentions)
    assert table[["partners", "year", "start", "end", "text"]].values.tolist() == [["Russia; China", 2023, 62, 70, "5 persen"]]
    assert table["partners_from"].tolist() == ["sentence"]


def test_table_has_the_unit_and_the_direction():
    text = "Rupiah melemah 0,5 persen ke level Rp 16.200 per dolar AS."
    sentences = pd.DataFrame({"doc_id": ["d"], "para_id": [1], "sent_id": [1], "start": [0], "end": [len(text)], "text": [text]})
    documents = pd.DataFrame({"doc_id": ["d"], "date": ["2024-10-15"]})
    mentions = pd.DataFrame(columns=["doc_id", "para_id", "entity", "type", "surface", "start", "end"])
    table = amounts_table(sentences, documents, mentions)
    assert list(table.columns) == AMOUNT_COLUMNS
    assert table[["value", "currency", "per", "change", "text"]].values.tolist() == [
        [0.5, "", "", "down", "0,5 persen"],
        [16200.0, "IDR", "USD", "", "Rp 16.200 per dolar AS"],
    ]
    # a chart of totals leaves the rates out
    assert table[table["per"] == ""]["text"].tolist() == ["0,5 persen"]


def test_empty_input_gives_the_columns():
    empty = amounts_table(
        pd.DataFrame(columns=["doc_id", "para_id", "sent_id", "start", "end", "text"]),
        pd.DataFrame(columns=["doc_id", "date"]),
        pd.DataFrame(columns=["doc_id", "para_id", "entity", "type", "surface", "start", "end"]),
    )
    assert list(empty.columns) == AMOUNT_COLUMNS and empty.empty


def test_deterministic(seed_tables, seed_mentions, seed_amounts):
    again = amounts_table(seed_tables.sentences, seed_tables.documents, seed_mentions)
    pd.testing.assert_frame_equal(seed_amounts, again)


MARKED = [
    "US$5",
    "US $5",
    "U.S.$5",
    "HK$5",
    "S$5",
    "A$5",
    "C$5",
    "$5",
    "Rp5",
    "Rp. 5",
    "RP5",
    "RM5",
    "\u20ac5",
    "\u00a35",
    "\u00a55",
    "\u20a95",
    "\u20bd5",
    "\u20b85",
    "RMB 5",
    *[f"{code} 5" for code in ISO_CODES],
    "5 dolar AS",
    "5 dollar Amerika Serikat",
    "5 dollars US",
    "5 dolar Singapura",
    "5 Singapore dollars",
    "5 dolar Australia",
    "5 Australian dollar",
    "5 dolar Hong Kong",
    "5 Hong Kong dollars",
    "5 dolar Kanada",
    "5 Canadian dollars",
    "5 US dollars",
    "5 U.S. dollar",
    "5 American dollars",
    "5 dolar",
    "5 DOLAR AS",
    "5 rubel",
    "5 rubles",
    "5 roubles",
    "5 yuan",
    "5 renminbi",
    "5 tenge",
    "5 som",
    "5 soms",
    "5 rupiah",
    "5 euro",
    "5 euros",
    "5 pounds",
    "5 pound sterling",
    "5 poundsterling",
    "5 sterling",
    "5 yen",
    "5 ringgit",
    "5 won",
    "5%",
    "5 persen",
    "5 PERSEN",
    "5 percent",
    "5 per cent",
    "5 pct",
    "5 percentage points",
]


@pytest.mark.parametrize("text", MARKED)
def test_every_currency_and_percent_form_passes_the_marker_check(text):
    assert _find_amounts(text) and has_marker(text)


def test_no_amount_is_lost_to_the_marker_check(seed_tables):
    for sentence in seed_tables.sentences["text"]:
        if _find_amounts(sentence):
            assert has_marker(sentence), sentence
