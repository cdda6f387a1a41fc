"""Entity matching: aliases, boundaries, case, short forms, gazetteer validation, and the tables built on mentions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.entities import (
    Entity,
    EntityMatcher,
    GazetteerError,
    cooccurrence,
    count_mentions,
    find_mentions,
    keyword_in_context,
    load_gazetteer,
    per_thousand_tokens,
    resolution_gain,
    surface_counts,
)


@pytest.fixture(scope="module")
def matcher():
    return EntityMatcher(load_gazetteer())


@pytest.fixture(scope="module")
def seed_mentions(seed_tables, matcher):
    return find_mentions(seed_tables.paragraphs, matcher)


# (text, expected [(entity, surface)]) for aliases, languages, spellings, boundaries and case.
CASES = [
    ("Tiongkok dan China", [("China", "Tiongkok"), ("China", "China")]),
    ("Cina menolak.", [("China", "Cina")]),
    ("Putin di Kirgizstan dan Kyrgyzstan", [("Vladimir Putin", "Putin"), ("Kyrgyzstan", "Kirgizstan"), ("Kyrgyzstan", "Kyrgyzstan")]),
    ("Mahkamah Pidana Internasional (ICC)", [("ICC", "Mahkamah Pidana Internasional"), ("ICC", "ICC")]),
    ("Pengadilan Kriminal Internasional", [("ICC", "Pengadilan Kriminal Internasional")]),
    (
        "Pakta Pertahanan Keamanan Kolektif dan Organisasi Perjanjian Keamanan Kolektif",
        [("CSTO", "Pakta Pertahanan Keamanan Kolektif"), ("CSTO", "Organisasi Perjanjian Keamanan Kolektif")],
    ),
    ("Moskow dan Moscow", [("Moscow", "Moskow"), ("Moscow", "Moscow")]),
    ("Forum Sabuk dan Jalan, atau Belt and Road", [("Belt and Road", "Sabuk dan Jalan"), ("Belt and Road", "Belt and Road")]),
    (
        "Uni Ekonomi Eurasia (EAEU) dan Organisasi Kerja Sama Shanghai",
        [("EAEU", "Uni Ekonomi Eurasia"), ("EAEU", "EAEU"), ("SCO", "Organisasi Kerja Sama Shanghai")],
    ),
    # boundaries
    ("kemitraan strategis Kyrgyzstan-Rusia", [("Kyrgyzstan", "Kyrgyzstan"), ("Russia", "Rusia")]),
    ("Rusianya tetap kuat", [("Russia", "Rusia")]),
    ("Rusiaku", []),  # not an enclitic we accept
    ("Prusia adalah kerajaan lama", []),  # "Rusia" inside another word
    ("Indonesia-China", [("Indonesia", "Indonesia"), ("China", "China")]),
    # longest match first
    ("pangkalan Angkatan Udara Rusia di Kant", [("Russian Air Force", "Angkatan Udara Rusia"), ("Kant", "Kant")]),
    ("sebesar 28 miliar dolar AS", [("US dollar", "dolar AS")]),
    ("Amerika Latin dan Amerika", [("Latin America", "Amerika Latin"), ("United States", "Amerika")]),
    # case: acronyms exact, other aliases any case
    ("AS menjatuhkan sanksi", [("United States", "AS")]),
    ("sama seperti as roda", []),
    ("anggota CIS", [("CIS", "CIS")]),
    ("precis dan cis", []),
    ("TIONGKOK dan tiongkok", [("China", "TIONGKOK"), ("China", "tiongkok")]),
    ("sanksi Barat", [("The West", "Barat")]),
    ("arah barat daya", []),  # match_case: the compass direction is not the West
    # titles are not part of the name; apostrophes and dollars are boundaries
    ("Presiden Vladimir Putin", [("Vladimir Putin", "Vladimir Putin")]),
    ("Putin's visit", [("Vladimir Putin", "Putin")]),
    ("sekitar US$900 miliar", [("US dollar", "US$")]),
    ("nilai USD3,5 miliar", [("US dollar", "USD")]),  # a currency glued to its number
    # words that equal an alias but mean something else
    ("bumbu laos dan jahe", []),
    ("pemimpin Laos hadir", [("Laos", "Laos")]),
    ("filsuf Immanuel Kant", [("Immanuel Kant", "Immanuel Kant")]),
    ("Rekaman CCTV menunjukkan pelaku", []),  # a short form: only with China Central Television named in full
    ("Bank BRI mencatat laba", []),
    ("Bahasa Rusia diakui sebagai bahasa resmi", [("Russian language", "Bahasa Rusia")]),
    ("Provinsi Jawa Barat dan Tepi Barat", [("West Java", "Jawa Barat"), ("West Bank", "Tepi Barat")]),
    ("Amerika Tengah", [("Central America", "Amerika Tengah")]),
    ("harian The Washington Post", [("The Washington Post", "The Washington Post")]),
    ("Konvensi Larangan Pengembangan Senjata Kimia", []),
    # ALL-CAPS headlines
    ("RUSIANYA DAN TIONGKOKLAH", [("Russia", "RUSIA"), ("China", "TIONGKOK")]),
    ("SANKSI BARAT", [("The West", "BARAT")]),
    ("the US imposed sanctions on America", [("United States", "US"), ("United States", "America")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_matching(matcher, text, expected):
    found = matcher.find(text)
    assert [(m.entity, m.surface) for m in found] == expected
    assert all(text[m.start : m.end] == m.surface for m in found)


def paragraphs(*texts, doc_id="d"):
    return pd.DataFrame({"doc_id": doc_id, "para_id": range(1, len(texts) + 1), "text": texts, "kind": "body"})


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # resolved to the person named in full elsewhere in the article, before or after
        (["Presiden Xi Jinping tiba.", "Bapak Xi tersenyum."], ["Xi Jinping", "Xi Jinping"]),
        (["Lavrov berbicara.", "Menteri Luar Negeri Sergei Lavrov hadir."], ["Sergei Lavrov", "Sergei Lavrov"]),
        # never named in full in this article: the short form stays unresolved
        (["Bapak Xi tersenyum.", "Lavrov berbicara."], []),
        (["Bapak Wang tiba di Moskow."], ["Moscow"]),
        (["Menteri Wang Yi bertemu Japarov."], ["Wang Yi"]),
        # a short form glued to another name is someone else
        (["Wang Yi tiba.", "Juru bicara Wang Wenbin menjawab."], ["Wang Yi"]),
        (["Li Qiang tiba.", "Mantan perdana menteri Li Keqiang wafat."], ["Li Qiang"]),
        (["Xi Jinping tiba.", "Menurut Presiden Xi, hubungan itu kuat."], ["Xi Jinping", "Xi Jinping"]),
        (["Sergei Lavrov tiba.", "Menurut Lavrov, Moskow setuju."], ["Sergei Lavrov", "Sergei Lavrov", "Moscow"]),
        (["Karim Khan tiba.", "Mantan perdana menteri Imran Khan ditahan."], ["Karim Khan"]),
        (["Sergei Lavrov tiba.", "LAVROV: RUSIA SIAP"], ["Sergei Lavrov", "Sergei Lavrov", "Russia"]),
        (["Belt and Road Initiative disebut juga BRI."], ["Belt and Road", "Belt and Road"]),
    ],
)
def test_short_forms_resolve_within_an_article(matcher, texts, expected):
    assert find_mentions(paragraphs(*texts), matcher)["entity"].tolist() == expected


def test_short_forms_do_not_cross_articles(matcher):
    frame = pd.concat([paragraphs("Xi Jinping tiba.", doc_id="a"), paragraphs("Xi tiba.", doc_id="b")])
    assert find_mentions(frame, matcher)[["doc_id", "entity"]].values.tolist() == [["a", "Xi Jinping"]]


def test_shared_short_form_goes_to_the_nearest_full_name_before_it():
    people = [
        Entity("Wang Yi", "person", ("Wang Yi",), ("Wang",)),
        Entity("Wang Wenbin", "person", ("Wang Wenbin",), ("Wang",)),
    ]
    frame = paragraphs("Wang Yi bertemu Wang Wenbin.", "Wang berkata.", "Wang Yi menjawab.", "Wang lagi.")
    assert find_mentions(frame, EntityMatcher(people))["entity"].tolist() == ["Wang Yi", "Wang Wenbin", "Wang Wenbin", "Wang Yi", "Wang Yi"]


def write_gazetteer(tmp_path, body):
    path = tmp_path / "entities.csv"
    path.write_text("entity,type,aliases,short_forms,match_case,notes\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("China,place,Tiongkok,,,\nTaiwan,place,Tiongkok,,,\n", "rows 2 and 3: alias 'Tiongkok' is claimed by both 'China' and 'Taiwan'"),
        ("China,country,Tiongkok,,,\n", "row 2 (China): unknown type 'country'"),
        (",place,Tiongkok,,,\n", "row 2: empty entity name"),
        ("China,place,,,,\nXi Jinping,person,,China,,\n", "row 3 (Xi Jinping): short form 'China' is an alias of 'China'"),
        ("China,place,Tiongkok,,,\nchina,place,,,,\n", "alias 'china' is claimed by both"),
        ("China,place,Tiongkok,,,\nChina,organization,Cina,,,\n", "rows 2 and 3: entity 'China' is listed twice"),
        ("China,place,Tiongkok,,maybe,\n", "row 2 (China): match_case 'maybe' is neither yes nor no"),
    ],
)
def test_gazetteer_validation_names_the_rows(tmp_path, body, message):
    with pytest.raises(GazetteerError, match="row") as err:
        load_gazetteer(write_gazetteer(tmp_path, body))
    assert message in str(err.value)


def test_gazetteer_reports_every_problem_at_once(tmp_path):
    with pytest.raises(GazetteerError) as err:
        load_gazetteer(write_gazetteer(tmp_path, "A,place,X,,,\nB,thing,X,,,\n,place,,,,\n"))
    assert str(err.value).count("row") == 3


def test_gazetteer_missing_column(tmp_path):
    path = tmp_path / "e.csv"
    path.write_text("name,type\nChina,place\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match="missing column"):
        load_gazetteer(path)


def test_shipped_gazetteer_covers_the_seed_actors():
    names = {e.name for e in load_gazetteer(config.ENTITIES)}
    for name in [
        "Vladimir Putin",
        "Xi Jinping",
        "Sadyr Japarov",
        "Kassym-Jomart Tokayev",
        "Sergei Lavrov",
        "Wang Yi",
        "Russia",
        "China",
        "Kyrgyzstan",
        "Kazakhstan",
        "ICC",
        "CSTO",
        "CIS",
        "SCO",
        "EAEU",
        "BRICS",
        "Belt and Road",
        "United States",
        "Moscow",
    ]:
        assert name in names


def test_boilerplate_is_never_counted(seed_mentions, seed_tables):
    """Gaza, Suriah and Malaysia are named only in a 'Baca juga' line of the Tribunnews article."""
    tribun = seed_mentions[seed_mentions["doc_id"] == "001_fd7004517a8b4e06"]
    assert not {"Gaza", "Syria", "Malaysia", "Indonesia"} & set(tribun["entity"])
    # nor do captions count: 004's captions name Mongolia's president and Samarkand, its story does not
    kumparan = seed_mentions[seed_mentions["doc_id"] == "004_3f1231850dda2433"]
    assert not {"Ukhnaa Khurelsukh", "Samarkand", "Novo-Ogaryovo", "Associated Press"} & set(kumparan["entity"])


def test_mention_offsets_point_into_the_paragraphs(seed_mentions, seed_tables):
    text = seed_tables.paragraphs.set_index(["doc_id", "para_id"])["text"]
    for m in seed_mentions.itertuples():
        assert text[(m.doc_id, m.para_id)][m.start : m.end] == m.surface


def test_seed_counts(seed_mentions):
    counts = count_mentions(seed_mentions)
    total = counts.groupby("entity")["count"].sum()
    assert total["China"] == (seed_mentions["entity"] == "China").sum() > total["Kazakhstan"]
    by_doc = counts.set_index(["doc_id", "entity"])["count"]
    assert by_doc[("003_6b736f0b0c07c482", "China")] == 14  # all written "Tiongkok"
    assert by_doc[("000_0375a09f782309bd", "Kyrgyzstan")] == 23
    assert counts.columns.tolist() == ["doc_id", "entity", "type", "count"]


def test_cooccurrence_counts_paragraphs_once_per_pair():
    mentions = pd.DataFrame(
        [("d", 1, "A"), ("d", 1, "B"), ("d", 1, "A"), ("d", 2, "A"), ("d", 2, "B"), ("d", 2, "C"), ("e", 1, "C")],
        columns=["doc_id", "para_id", "entity"],
    )
    pairs = cooccurrence(mentions)
    assert pairs.values.tolist() == [["A", "B", 2], ["A", "C", 1], ["B", "C", 1]]


def test_resolution_gain_and_rates(seed_mentions, seed_tables):
    gain = resolution_gain(surface_counts(seed_mentions)).set_index("entity")
    assert gain.loc["China", "forms"] == 2 and gain.loc["China", "naive_count"] == 25 and gain.loc["China", "resolved_count"] == 47
    rates = per_thousand_tokens(count_mentions(seed_mentions), seed_tables.documents)
    tokens = seed_tables.documents.set_index("doc_id")["n_tokens"]
    assert rates.loc["Kyrgyzstan", "000_0375a09f782309bd"] == pytest.approx(23 / tokens["000_0375a09f782309bd"] * 1000)


def test_full_name_with_its_acronym_in_brackets_counts_once():
    matcher = EntityMatcher(load_gazetteer())
    found = find_mentions(
        pd.DataFrame(
            {
                "doc_id": ["d", "d"],
                "para_id": [1, 2],
                "text": [
                    "Pengadilan Kriminal Internasional (ICC) mengeluarkan surat perintah. ICC menolak.",
                    "Organisasi Kerjasama Shanghai (SCO) dan CSTO bertemu.",
                ],
            }
        ),
        matcher,
    )
    assert found.groupby("entity").size().to_dict() == {"ICC": 2, "SCO": 1, "CSTO": 1}


def test_keyword_in_context(seed_mentions, seed_tables):
    kwic = keyword_in_context(seed_tables.paragraphs, seed_mentions, "CSTO", width=30)
    # 8 matches, of which 2 are the acronym in brackets after the full name: "... Kolektif (CSTO)" counts once
    assert len(kwic) == 6 and set(kwic["mention"]) == {
        "CSTO",
        "Pakta Pertahanan Keamanan Kolektif",
        "Organisasi Perjanjian Keamanan Kolektif",
    }
    assert all(len(left.lstrip("\u2026")) <= 30 for left in kwic["left"])
