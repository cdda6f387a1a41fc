"""Cleaning rules, one parametrised table each: real lines from the seed corpus and lines of other outlets."""

from __future__ import annotations

import pytest

from analysis import resources as R
from analysis.clean import clean_document, is_caption, is_heading, match_rule, normalize_line, split_dateline, split_lines

# (line, rule): each line must be removed by exactly that rule.
REMOVED = [
    # seeds
    ("Advertisement", "advertisement"),
    ("ADVERTISEMENT", "advertisement"),
    ("[iklan_2]", "advertisement"),
    ("Baca Juga", "related_link"),
    ("Baca juga: 20 Negara Kritik Serangan Israel di Jalur Gaza: Indonesia, Rusia, Suriah hingga Malaysia", "related_link"),
    ("sosmed-whatsapp-white", "widget"),
    ("copy-link-circle", "widget"),
    ("more-vertical", "widget"),
    ("zoom-in-whitePerbesar", "widget"),
    ("waktu baca 3 menit", "widget"),
    ("comment", "widget"),
    ("1", "widget"),
    ("\u00b7", "widget"),
    ("Sumber: https://baoquocte.vn/tong-thong-putin-tham-kazakhstan-295356.html", "source_footer"),
    ("Tautan sumber", "source_footer"),
    ("Komentar (0)", "source_footer"),
    ("Huyen Le (Menurut Reuters )", "byline"),
    ("30 Desember 2022 17:54 WIB", "timestamp"),
    # other outlets, not in the seeds
    ("- Advertisement -", "advertisement"),
    ("[ADS]", "advertisement"),
    ("SCROLL TO CONTINUE WITH CONTENT", "advertisement"),
    ("Iklan", "advertisement"),
    ("BACA JUGA: Prabowo Bertemu Putin di Moskow", "related_link"),
    ("Simak juga: Video Kunjungan Xi ke Rusia", "related_link"),
    ("Artikel Terkait", "related_link"),
    ("Read also: Putin visits Beijing", "related_link"),
    ("share-facebook-blue", "widget"),
    ("Bagikan", "widget"),
    ("Reading time: 4 min", "widget"),
    ("\u2022", "widget"),
    ("Komentar (12)", "source_footer"),
    ("Artikel ini telah tayang di Kompas.com dengan judul \"Putin ke China\"", "source_footer"),
    ("Copyright \u00a9 2024 Tribunnews", "source_footer"),
    ("Source: https://www.reuters.com/world/putin-xi-2023-10-18/", "source_footer"),
    ("Penulis: Andi Saputra", "byline"),
    ("Editor: Budi", "byline"),
    ("(Tribunnews.com/Hasanudin Aco)", "byline"),
    ("Kamis, 12 Oktober 2023 | 10:15 WIB", "timestamp"),
    ("18 Oct 2023 09:00", "timestamp"),
    ("Kompas.com - 17/10/2023, 10:15 WIB", "timestamp"),
    ("16 Okt 2023 \u2022 06:05 WIB", "timestamp"),
    ("2023-10-12", "timestamp"),
    ("Diperbarui: Kamis, 12 Oktober 2023 10:15 WIB", "timestamp"),
    ("30 Desember 2022 17:54 WIB\u00b7waktu baca 2 menit", "timestamp"),
    # detik, Tempo, Kompas, Okezone, Republika, Suara furniture
    ("SCROLL TO RESUME CONTENT", "advertisement"),
    ("ADVERTISEMENT - SCROLL TO CONTINUE WITH CONTENT", "advertisement"),
    ("Scroll untuk melanjutkan", "advertisement"),
    ("[Gambas:Video 20detik]", "widget"),
    ('Simak Video "Putin Tiba di Beijing"', "related_link"),
    ('Baca artikel detiknews, "Putin ke China" selengkapnya https://news.detik.com/x', "related_link"),
    ("Pilihan Editor: Putin Bertemu Xi", "related_link"),
    ("Baca: Putin Bertemu Xi", "related_link"),
    ("(Baca juga: Putin Bertemu Xi)", "related_link"),
    ("Baca selengkapnya", "related_link"),
    ("Tags: Putin, Rusia", "widget"),
    ("Lihat Foto", "widget"),
    ("Bagikan artikel ini", "widget"),
    ("Follow Berita Okezone di Google News", "source_footer"),
    ("Ikuti Berita kumparan di Google News", "source_footer"),
    ("Simak berita dan artikel lainnya di Google News", "source_footer"),
    ("Dapatkan update berita pilihan dan breaking news setiap hari dari Kompas.com", "source_footer"),
    ("Red: Fernan Rahadi", "byline"),
    ("Oleh: Ahmad Fauzi", "byline"),
    ("Reza Gunadha | Suara.com", "byline"),
    ("(bbn)", "byline"),
    ("(*)", "byline"),
    ("Laporan Wartawan Tribunnews.com, Hasanudin Aco", "byline"),
]

# Lines of the seeds that are story text and must be kept.
KEPT = [
    "Rusia tidak mengakui yurisdiksi ICC dan menolak tuduhan tersebut.",
    "Putin: Rusia Salah Satu Mitra Dagang Utama Kyrgyzstan",
    '"Kami sangat menghargai kemitraan strategis Kyrgyzstan-Rusia dan hubungan kami sebagai sekutu."',
    "Kerjasama yang akan mereka lakukan ini memicu kekuatan bersama.",
    "Sekutu alami",
    "Kemitraan Tanpa Batas",
    "Tiongkok juga semakin penting sebagai tujuan ekspor Moskow.",
    "Baku adalah ibu kota Azerbaijan.",  # starts like "Baca" but is not a link
    "Sumber dana proyek itu berasal dari Beijing.",  # "Sumber" without a link
    "Komentar Putin itu memicu reaksi keras.",
    "Advertisement industry grew 12 percent.",  # an English sentence, not a marker
    # sentences that start like furniture
    "Penulis novel Laskar Pelangi, Andrea Hirata, hadir dalam acara itu.",
    "Reporter Al Jazeera Shireen Abu Akleh tewas ditembak pada 2022.",
    "Editor senior majalah itu ditahan polisi di Moskow.",
    "Pewarta foto Antara terluka saat meliput unjuk rasa.",
    "Hak cipta lagu itu dimiliki oleh label rekaman milik negara.",
    "Copyright menjadi isu utama dalam perundingan dagang itu.",
    "Berita lainnya menyebutkan bahwa Putin akan tiba besok.",
    "Artikel terkait penangkapan itu diterbitkan Reuters pada Senin.",
    "Lihat juga bagaimana Putin menyambut Xi di Kremlin.",
    "Terbit sejak 1945, koran itu tutup.",
    "Diperbarui tiap 2024 oleh BPS.",
    "Rusia-Ukraina",
    "Tanya-Jawab",
    "Oleh karena itu, Rusia menolak.",
]


@pytest.mark.parametrize(("line", "rule"), REMOVED)
def test_rule_removes_line(line, rule):
    assert match_rule(normalize_line(line)) == rule


@pytest.mark.parametrize("line", KEPT)
def test_story_lines_are_kept(line):
    assert match_rule(normalize_line(line)) is None
    assert not is_caption(normalize_line(line))


def test_masthead_above_the_headline_is_removed():
    doc = clean_document("d", "CNN Indonesia\nPutin Tiba di Beijing\nPresiden Rusia tiba di Beijing.")
    assert [(r.rule, r.text) for r in doc.removed] == [("masthead", "CNN Indonesia")]
    assert doc.title == "Putin Tiba di Beijing"


CAPTIONS = [
    "Presiden Rusia Vladimir Putin di St. Petersburg pada 29 Juli. Foto: AFP",
    "Vladimir Putin dan Xi Jinping. Foto: REUTERS/Wu Hong/Pool",
    "Presiden Vladimir Putin dan Presiden Kazakh Kassym-Jomart Tokayev, 27 November. (Sumber: RIA Novosti) |",
    "Presiden Joko Widodo menyambut tamu di Istana Bogor. (ANTARA FOTO/Sigid Kurniawan)",
    "Vladimir Putin speaks in Bishkek. Photo: Reuters",
    "Putin menyambut Xi di Kremlin. (Sputnik/Kremlin via AP)",
    "Menlu Retno bertemu Lavrov. (DOK. KEMENLU RI)",
    "Warga antre di Jakarta. ANTARA FOTO/Sigid Kurniawan/aww.",
    "Putin di Bishkek. (ANTARA/HO-Biro Pers Sekretariat Presiden)",
]


@pytest.mark.parametrize("line", CAPTIONS)
def test_captions(line):
    assert is_caption(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Mengembangkan Fasilitas Militer Rusia di Kyrgyzstan", True),
        ("China Jadi Tujuan Putin Berikutnya", True),
        ("Putin tiba di Bishkek.", False),
        ('"Ini akan menunjukkan kepada dunia kedekatan hubungan Rusia-China," tutur Putin', False),
        ("Kerjasama yang akan mereka lakukan ini memicu kekuatan bersama.", False),
        ("tanpa huruf besar di awal", False),
        (" ".join(["Kata"] * 16), False),
    ],
)
def test_is_heading(line, expected):
    assert is_heading(line) is expected


@pytest.mark.parametrize(
    ("line", "outlet", "city", "rest"),
    [
        ("Liputan6.com, Bishkek - Vladimir Putin melakukan lawatan.", "Liputan6.com", "Bishkek", "Vladimir Putin melakukan lawatan."),
        ("TRIBUNNEWS.COM -- Presiden Rusia Vladimir Putin melakukan kunjungan ke China.", "TRIBUNNEWS.COM", "", "Presiden Rusia Vladimir Putin melakukan kunjungan ke China."),
        ("REPUBLIKA.CO.ID, JAKARTA -- Pemerintah menyambut.", "REPUBLIKA.CO.ID", "JAKARTA", "Pemerintah menyambut."),
        ("JAKARTA, KOMPAS.com - Presiden menerima tamu.", "KOMPAS.com", "JAKARTA", "Presiden menerima tamu."),
        ("Jakarta (ANTARA) - Menteri Luar Negeri bertemu.", "ANTARA", "Jakarta", "Menteri Luar Negeri bertemu."),
        ("Presiden Rusia Putin akan mengunjungi Beijing bulan depan.", "", "", "Presiden Rusia Putin akan mengunjungi Beijing bulan depan."),
        ("Atas undangan mitranya Kassym-Jomart Tokayev, Presiden Rusia datang.", "", "", "Atas undangan mitranya Kassym-Jomart Tokayev, Presiden Rusia datang."),
        ("JAKARTA - Presiden menerima tamu.", "", "JAKARTA", "Presiden menerima tamu."),
        # sentences with a comma and a dash are not datelines
        ("Presiden Rusia, Vladimir Putin - yang jarang bepergian - tiba.", "", "", "Presiden Rusia, Vladimir Putin - yang jarang bepergian - tiba."),
        ("Mahkamah Pidana Internasional (ICC) - lembaga di Den Haag - menolak.", "", "", "Mahkamah Pidana Internasional (ICC) - lembaga di Den Haag - menolak."),
        ("MOSKOW, Rusia - Putin tiba.", "", "", "MOSKOW, Rusia - Putin tiba."),
        ("Putin - yang jarang bepergian - tiba.", "", "", "Putin - yang jarang bepergian - tiba."),
    ],
)
def test_split_dateline(line, outlet, city, rest):
    _, found_outlet, found_city, found_rest = split_dateline(line)
    assert (found_outlet, found_city, found_rest) == (outlet, city, rest)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u201cRusia adalah tetangga\u201d", '"Rusia adalah tetangga"'),
        ("Putin\u2019s visit", "Putin's visit"),
        ("Presiden\u00a0Rusia", "Presiden Rusia"),
        ("Tiongkok\u200b  dan   Rusia\t", "Tiongkok dan Rusia"),
        ("Cafe\u0301", "Caf\u00e9"),  # decomposed e + combining accent -> one letter (NFC)
    ],
)
def test_normalize_line(raw, expected):
    assert normalize_line(raw) == expected


def test_audit_accounts_for_every_line(seed_corpus):
    """Every non-empty raw line is either a paragraph or in the audit: nothing disappears silently."""
    for article in seed_corpus.articles:
        doc = clean_document(article.doc_id, article.text)
        kept = {p.line_no for p in doc.paragraphs}
        removed = {r.line_no for r in doc.removed if r.rule != R.DATELINE}
        lines = {i for i, line in enumerate(split_lines(article.text), start=1) if line.strip()}
        assert kept | removed == lines, article.doc_id
        assert not kept & removed, article.doc_id


def test_repeated_caption_is_audited_once_as_caption():
    text = "Judul Berita Hari Ini\nPutin dan Xi. Foto: AFP\nzoom-in-whitePerbesar\nPutin dan Xi. Foto: AFP\nPutin bertemu Xi di Beijing."
    doc = clean_document("d", text)
    assert [(r.line_no, r.rule) for r in doc.removed] == [(2, "caption"), (3, "widget"), (4, "repeated_line")]
    assert [c.text for c in doc.captions] == ["Putin dan Xi. Foto: AFP"]
    assert [(p.kind, p.text) for p in doc.paragraphs] == [("title", "Judul Berita Hari Ini"), ("body", "Putin bertemu Xi di Beijing.")]


def test_dateline_is_cut_and_audited():
    doc = clean_document("d", "Liputan6.com, Bishkek - Vladimir Putin tiba.\nIa bertemu Japarov.")
    assert doc.paragraphs[0].text == "Vladimir Putin tiba."
    assert (doc.dateline_outlet, doc.dateline_city) == ("Liputan6.com", "Bishkek")
    assert doc.removed == [type(doc.removed[0])(1, "dateline", "Liputan6.com, Bishkek -")]


def test_rules_can_be_switched_off():
    doc = clean_document("d", "Putin tiba.\nAdvertisement", skip_rules={"advertisement"})
    assert [p.text for p in doc.paragraphs] == ["Putin tiba.", "Advertisement"]


def test_baca_juga_names_never_reach_paragraphs(seed_tables):
    """The Tribunnews 'Baca juga' line names Gaza, Suriah and Malaysia; its story does not."""
    text = " ".join(seed_tables.paragraphs.query("doc_id == '001_fd7004517a8b4e06'")["text"])
    for name in ("Gaza", "Suriah", "Malaysia", "Baca juga"):
        assert name not in text
