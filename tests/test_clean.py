"""Cleaning rules, one parametrised table each: real lines from the seed corpus and lines of other outlets."""

from __future__ import annotations

import pytest

from analysis import resources as R
from analysis.clean import (
    clean_document,
    is_caption,
    is_heading,
    is_title,
    match_rule,
    normalize_line,
    repeated_across_articles,
    split_dateline,
    split_lines,
)

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
    ('Artikel ini telah tayang di Kompas.com dengan judul "Putin ke China"', "source_footer"),
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
    # furniture of the common outlets (lines written for these tests)
    ('Tonton juga video "Banjir Rob di Pesisir Utara Jakarta" di sini:', "related_link"),
    ("Simak juga Video 'Harga Beras Naik Lagi':", "related_link"),
    ("Saksikan Video Pilihan Berikut Ini:", "related_link"),
    ("VIDEO: Detik-detik Kapal Tenggelam di Selat Bali", "related_link"),
    ("Artikel Selanjutnya Harga Minyak Turun Tajam", "related_link"),
    ("Halaman selanjutnya", "related_link"),
    ("Simak berita lainnya seputar topik artikel ini, di sini:", "related_link"),
    ("Baca berita dengan sedikit iklan, klik di sini", "related_link"),
    ("[video.1]", "widget"),
    ("[embed]https://www.youtube.com/watch?v=abc[/embed]", None),  # not a whole bracketed placeholder
    ("[Instagram]", "widget"),
    ("loading...", "widget"),
    ("Cek Berita dan Artikel yang lain di Google News dan WA Channel", "source_footer"),
    (
        "Dilarang keras mengambil konten, melakukan crawling atau pengindeksan otomatis untuk AI di situs web ini tanpa izin tertulis dari Kantor Berita ANTARA.",
        "source_footer",
    ),
    ("Artikel ini telah diterjemahkan dari bahasa Inggris oleh tim redaksi", "source_footer"),
    ("Diterjemahkan oleh: Rina Wulandari", "source_footer"),
    ("Artikel ini sudah dimuat di Kontan dengan judul Harga Emas Naik", "source_footer"),
    ("sumber : Anadolu Agency", "source_footer"),
    ("Unduh aplikasi kami sekarang juga", "source_footer"),
    ("Rep: Dessy Suciati Saputri", "byline"),
    ("Penulis: Ani Lestari | Editor: Budi Santoso", "byline"),
    ("Fotografer: Agung Pambudhy", "byline"),
    ("[ded]", "byline"),
    ("( aal )", "byline"),
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
    # sentences of other stories that start like the new furniture, and lines that only look like bylines
    "Ekspor nikel turun tajam (menurut data BPS)",
    "Reporter: Apakah Indonesia akan membeli Rafale tambahan?",
    "Lihat video itu, warga langsung melapor ke polisi.",
    "Diterjemahkan ke dalam 20 bahasa, buku itu laris di Eropa.",
    "Unduh aplikasi itu diwajibkan bagi semua pelancong.",
    "Video itu beredar luas di media sosial pada Senin.",
    "Halaman istana dipenuhi warga sejak pagi.",
    "Sumber itu menyebut Putin akan tiba besok. Ia menolak disebut namanya.",
    "Klik kanan pada berkas untuk membukanya, kata petugas.",
]


@pytest.mark.parametrize(("line", "rule"), REMOVED)
def test_rule_removes_line(line, rule):
    assert match_rule(normalize_line(line)) == rule  # None: a line that looks like furniture but is not one


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


NOT_CAPTIONS = [
    "Pertemuan berikutnya dijadwalkan pekan depan. (Reuters/AFP)",  # a story's closing text credit
    "Ribuan warga mengungsi ke sekolah dan masjid di sekitar lokasi. (ant/rol)",
]


@pytest.mark.parametrize("line", NOT_CAPTIONS)
def test_a_text_credit_is_not_a_caption(line):
    assert not is_caption(line)


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
        (
            "TRIBUNNEWS.COM -- Presiden Rusia Vladimir Putin melakukan kunjungan ke China.",
            "TRIBUNNEWS.COM",
            "",
            "Presiden Rusia Vladimir Putin melakukan kunjungan ke China.",
        ),
        ("REPUBLIKA.CO.ID, JAKARTA -- Pemerintah menyambut.", "REPUBLIKA.CO.ID", "JAKARTA", "Pemerintah menyambut."),
        ("JAKARTA, KOMPAS.com - Presiden menerima tamu.", "KOMPAS.com", "JAKARTA", "Presiden menerima tamu."),
        ("Jakarta (ANTARA) - Menteri Luar Negeri bertemu.", "ANTARA", "Jakarta", "Menteri Luar Negeri bertemu."),
        (
            "Presiden Rusia Putin akan mengunjungi Beijing bulan depan.",
            "",
            "",
            "Presiden Rusia Putin akan mengunjungi Beijing bulan depan.",
        ),
        (
            "Atas undangan mitranya Kassym-Jomart Tokayev, Presiden Rusia datang.",
            "",
            "",
            "Atas undangan mitranya Kassym-Jomart Tokayev, Presiden Rusia datang.",
        ),
        ("JAKARTA - Presiden menerima tamu.", "", "JAKARTA", "Presiden menerima tamu."),
        # sentences with a comma and a dash are not datelines
        (
            "Presiden Rusia, Vladimir Putin - yang jarang bepergian - tiba.",
            "",
            "",
            "Presiden Rusia, Vladimir Putin - yang jarang bepergian - tiba.",
        ),
        (
            "Mahkamah Pidana Internasional (ICC) - lembaga di Den Haag - menolak.",
            "",
            "",
            "Mahkamah Pidana Internasional (ICC) - lembaga di Den Haag - menolak.",
        ),
        ("MOSKOW, Rusia - Putin tiba.", "", "", "MOSKOW, Rusia - Putin tiba."),
        ("Putin - yang jarang bepergian - tiba.", "", "", "Putin - yang jarang bepergian - tiba."),
        # spacing variants, and an outlet's name alone
        ("JAKARTA, KOMPAS.com- Presiden menerima tamu.", "KOMPAS.com", "JAKARTA", "Presiden menerima tamu."),
        ("Jakarta , CNN Indonesia - - Majelis hakim memutuskan.", "CNN Indonesia", "Jakarta", "Majelis hakim memutuskan."),
        (
            "Rimanews - Kepolisian Prancis menangkap mantan perdana menteri.",
            "Rimanews",
            "",
            "Kepolisian Prancis menangkap mantan perdana menteri.",
        ),
        ("Bisnis.com, JAKARTA - Harga emas naik.", "Bisnis.com", "JAKARTA", "Harga emas naik."),
        ("Ahmad - yang datang terlambat - duduk.", "", "", "Ahmad - yang datang terlambat - duduk."),  # not an outlet
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


def test_a_later_lead_needs_an_outlet_in_its_dateline():
    assert split_dateline("JAKARTA - Presiden menerima tamu.", first=False)[0] == ""
    assert split_dateline("JAKARTA, KOMPAS.com - Presiden menerima tamu.", first=False)[1] == "KOMPAS.com"


def test_captions_between_the_headline_and_the_dateline_are_captions():
    text = (
        "Menteri Bertemu Mitranya di Jakarta\n"
        "Menteri Luar Negeri menyambut tamunya di Gedung Pancasila, Senin (3/3/2025).\n"
        "JAKARTA, KOMPAS.com - Menteri Luar Negeri menerima kunjungan mitranya.\n"
        "Keduanya membahas kerja sama."
    )
    doc = clean_document("d", text)
    assert [(p.para_id, p.kind) for p in doc.paragraphs] == [(1, "title"), (2, "body"), (3, "body")]
    assert doc.paragraphs[1].text == "Menteri Luar Negeri menerima kunjungan mitranya." and doc.dateline_outlet == "KOMPAS.com"
    assert [(r.line_no, r.rule) for r in doc.removed] == [(2, "caption"), (3, "dateline")]
    assert [c.line_no for c in doc.captions] == [2]
    # a long paragraph above the dateline is story text: it stays
    long_first = "Judul\n" + " ".join(["kata"] * 70) + ".\nJakarta (ANTARA) - Menteri tiba.\nPenutup."
    kept = clean_document("d", long_first)
    assert [p.kind for p in kept.paragraphs] == ["title", "body", "body", "body"] and not kept.captions
    # without a dateline further down, the first paragraph stays the lead
    plain = clean_document("d", "Judul Berita\nKalimat pertama yang panjang.\nKalimat kedua.\nKalimat ketiga.\nKALIMAT - empat.")
    assert [p.kind for p in plain.paragraphs] == ["title", "body", "body", "body", "body"] and not plain.removed


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Kebutuhan Impor AS USD96 Miliar, Presiden: Kenapa Ekspor Kita Malah Turun?", True),
        ("Apa Isi Dialog Trump dan Xi Jinping di Tengah Perang Dagang?", True),
        ("Harga Beras Naik Lagi...", True),
        ('Putin: "Kami Siap Berunding"', True),
        ("Waspada!", True),
        ("iPhone 16 Dilarang Dijual di Indonesia", True),
        ("Presiden Rusia Putin akan mengunjungi Beijing bulan depan.", False),  # a sentence
        ("putin tiba di beijing", False),
        (" ".join(["Kata"] * 26), False),
    ],
)
def test_is_title(line, expected):
    assert is_title(line) == expected
    if expected:
        assert clean_document("d", line + "\nIsi berita.").paragraphs[0].kind == "title"


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


def _paragraphs(rows):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=["doc_id", "para_id", "kind", "text"])
    return frame.assign(line_no=frame["para_id"], n_words=[len(t.split()) for t in frame["text"]])


def test_repeated_across_articles_finds_an_outlets_furniture_and_keeps_quotes():
    rows, sources = [], {}
    for i in range(10):
        doc = f"a{i:02d}"
        sources[doc] = "Detik" if i < 8 else "Kompas"
        rows += [
            (doc, 1, "title", "Judul Sama"),
            (doc, 2, "body", f"Isi berita nomor {i} yang berbeda."),
            (doc, 3, "body", "Redaksi menerima tulisan pembaca setiap hari kerja"),
            (doc, 4, "body", '"Kami akan hadir," kata pejabat itu.'),
            (doc, 5, "body", "Sebelumnya pejabat itu mengatakan akan hadir."),
        ]
    found = repeated_across_articles(_paragraphs(rows), sources)
    # the Detik line in its 8 articles; not in the 2 Kompas articles (2 < 5), not the title, not quoted or reported speech
    assert found["doc_id"].tolist() == [f"a{i:02d}" for i in range(8)]
    assert set(found["para_id"]) == {3}


def test_repeated_across_articles_needs_a_share_of_a_large_outlet():
    rows = [(f"d{i:03d}", 1, "body", "Baris yang sama." if i < 5 else f"Baris {i} berbeda.") for i in range(400)]
    sources = {f"d{i:03d}": "Outlet" for i in range(400)}
    assert repeated_across_articles(_paragraphs(rows), sources).empty  # 5 of 400 is under 2%
    rows = [(f"d{i:03d}", 1, "body", "Baris yang sama." if i < 8 else f"Baris {i} berbeda.") for i in range(400)]
    assert len(repeated_across_articles(_paragraphs(rows), sources)) == 8


def test_repeated_across_articles_keeps_background_and_reported_speech():
    rows, sources = [], {}
    for i in range(8):
        doc = f"a{i}"
        sources[doc] = "Wire"
        rows += [
            (doc, 1, "body", "Perang di Gaza pecah setelah Hamas menyerbu Israel selatan pada 7 Oktober 2023."),
            (doc, 2, "body", "Menurutnya, tarif itu merugikan eksportir Indonesia."),
            (doc, 3, "body", "Hal itu disampaikan juru bicara, imbuhnya."),
        ]
    assert repeated_across_articles(_paragraphs(rows), sources).empty


def test_articles_without_an_outlet_are_grouped_by_folder():
    from analysis.clean import outlet_groups

    groups = outlet_groups(["a", "b", "c"], ["Detik", "", ""], ["/x", "/y", "/z"])
    assert groups == {"a": "Detik", "b": "folder:/y", "c": "folder:/z"}


def test_furniture_is_audited_in_the_corpus_tables(tmp_path):
    from analysis.corpus import load_corpus
    from analysis.tables import build_corpus_tables

    for i in range(6):
        (tmp_path / f"a{i}.txt").write_text(
            f"Judul Berita {i}\ndetik.com - Isi berita nomor {i}.\nRedaksi menerima tulisan pembaca setiap hari kerja\nPenutup {i}.",
            encoding="utf-8",
        )
    tables = build_corpus_tables(load_corpus([tmp_path]))
    assert (tables.removed["rule"] == R.REPEATED_ACROSS).sum() == 6
    assert "Redaksi menerima tulisan pembaca setiap hari kerja" not in set(tables.paragraphs["text"])
    assert tables.documents["n_paragraphs"].tolist() == [3] * 6
