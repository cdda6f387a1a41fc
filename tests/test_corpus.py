"""Loading: encodings, unreadable files, duplicates, identifiers, metadata from the text and from a sidecar."""

from __future__ import annotations

import pytest
from conftest import tree_digest

from analysis.corpus import UnreadableFile, decode_bytes, find_date, load_corpus, read_metadata_sidecar
from analysis.outlets import outlet_name

STORY = "Presiden Rusia Vladimir Putin tiba di Astana.\nIa bertemu Presiden Tokayev.\n"


def write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


@pytest.mark.parametrize(
    ("data", "encoding", "warned"),
    [
        (STORY.encode("utf-8"), "utf-8", False),
        (b"\xef\xbb\xbf" + STORY.encode("utf-8"), "utf-8-sig", True),
        (STORY.encode("utf-16"), "utf-16", True),
        ("Caf\u00e9 \u201cRusia\u201d di Jakarta.\n".encode("cp1252"), "cp1252", True),
        ("Caf\u00e9 di Jakarta \x81.\n".encode("latin-1"), "latin-1", True),  # 0x81 is undefined in cp1252
    ],
)
def test_decode_bytes(data, encoding, warned):
    text, found, warning = decode_bytes(data)
    assert found == encoding
    assert bool(warning) is warned
    assert "Jakarta" in text or "Astana" in text
    assert not text.startswith("\ufeff")


def test_cp1252_keeps_accents_and_quotes():
    text, _, _ = decode_bytes("Caf\u00e9 \u201cRusia\u201d".encode("cp1252"))
    assert text == "Caf\u00e9 \u201cRusia\u201d"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n\t ", "only whitespace"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(0, 32)) * 20, "binary"),
    ],
)
def test_unreadable_bytes(data, message):
    with pytest.raises(UnreadableFile, match=message):
        decode_bytes(data)


def test_bad_files_are_skipped_with_their_name_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "raw"
    write(folder, "a_good.txt", STORY)
    write(folder, "b_empty.txt", b"")
    write(folder, "c_image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00")
    write(folder, "d_legacy.txt", "Caf\u00e9 di Moskow menjual teh.\n".encode("cp1252"))
    write(folder, "notes.md", "not an article")
    corpus = load_corpus([folder])
    assert [a.doc_id for a in corpus.articles] == ["a_good", "d_legacy"]
    problems = {p.path.name: (p.level, p.message) for p in corpus.problems}
    assert problems["b_empty.txt"] == ("skipped", "the file is empty")
    assert problems["c_image.txt"][0] == "skipped" and "binary" in problems["c_image.txt"][1]
    assert problems["d_legacy.txt"][0] == "warning" and "cp1252" in problems["d_legacy.txt"][1]
    assert problems["notes.md"] == ("skipped", "not read: a .md file; rename it to .txt if it is the article's plain text")
    table = corpus.problems_table()
    assert set(table["file"].map(lambda f: f.rsplit("/", 1)[-1])) == {"b_empty.txt", "c_image.txt", "d_legacy.txt", "notes.md"}


def test_loading_never_changes_the_files(tmp_path):
    folder = tmp_path / "raw"
    write(folder, "a.txt", b"\xef\xbb\xbf" + ("Advertisement\n" + STORY).encode("utf-8"))
    write(folder, "b.txt", "Caf\u00e9\r\nBaca juga: x\r\n".encode("cp1252"))
    before = tree_digest(folder)
    load_corpus([folder])
    assert tree_digest(folder) == before


def test_duplicates_are_flagged_and_analysed_once(tmp_path):
    folder = tmp_path / "raw"
    write(folder, "a.txt", STORY)
    write(folder, "b.txt", "  " + STORY.replace("\n", "\r\n").replace("Putin", "Putin ", 1) + "\n\n")  # same text after normalisation
    write(folder, "c.txt", STORY.replace("Astana", "Bishkek"))
    corpus = load_corpus([folder])
    assert [(a.doc_id, a.duplicate_of) for a in corpus.articles] == [("a", ""), ("b", "a"), ("c", "")]
    assert [a.doc_id for a in corpus.unique] == ["a", "c"]


def test_same_file_name_in_two_folders_gets_two_ids(tmp_path):
    write(tmp_path / "seeds", "x.txt", STORY)
    write(tmp_path / "raw", "x.txt", STORY.replace("Astana", "Beijing"))
    corpus = load_corpus([tmp_path / "seeds", tmp_path / "raw"])
    assert [a.doc_id for a in corpus.articles] == ["x", "raw-x"]


def test_limit_reads_a_sample(seed_corpus):
    assert len(load_corpus(["seeds"], limit=2).articles) == 2
    assert len(seed_corpus.articles) == 5


def test_missing_folder_is_not_an_error(tmp_path):
    assert load_corpus([tmp_path / "does-not-exist"]).articles == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Putin tiba pada Kamis (12/10/2023). Ini perjalanan", "2023-10-12"),
        ("30 Desember 2022 17:54 WIB", "2022-12-30"),
        ("Jumat, 3 Nopember 2023", "2023-11-03"),
        ("Published 18 October 2023", "2023-10-18"),
        ("dikutip TASS, Jumat (13/10).", ""),  # no year: never guessed
        ("pada Maret 2023", ""),
        ("Kamis (31/02/2023)", ""),  # not a date
        ("dari 27-28 November.", ""),
    ],
)
def test_find_date(text, date):
    assert find_date(text) == date


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("Liputan6.com", "Liputan6"),
        ("TRIBUNNEWS.COM", "Tribunnews"),
        ("https://baoquocte.vn/tong-thong-putin-295356.html", "Báo Quốc tế (Vietnam)"),
        ("https://news.detik.com/berita/d-123", "detik"),
        ("https://www.example.org/a", "example.org"),
        ("", ""),
    ],
)
def test_outlet_name(name, outlet):
    assert outlet_name(name) == outlet


def test_seed_metadata_comes_from_the_text(seed_tables):
    docs = seed_tables.documents.set_index("doc_id")
    assert docs.loc["000_0375a09f782309bd", ["source", "city", "date"]].tolist() == ["Liputan6", "Bishkek", "2023-10-12"]
    assert docs.loc["001_fd7004517a8b4e06", ["source", "city", "date"]].tolist() == ["Tribunnews", "", ""]
    assert docs.loc["002_158d66d5944f3519", "url"].startswith("https://baoquocte.vn/")
    assert docs.loc["004_3f1231850dda2433", ["title", "date"]].tolist() == [
        "Putin Ajak Xi Jinping Perkuat Kerja Sama Militer, Puji Usaha Lawan Barat",
        "2022-12-30",
    ]
    # nothing in 003 names its outlet or a full date: both stay empty
    assert docs.loc["003_6b736f0b0c07c482", ["source", "date", "title"]].tolist() == ["", "", ""]


def test_metadata_sidecar_overrides_and_reports_bad_rows(tmp_path):
    folder = tmp_path / "raw"
    write(folder, "a.txt", "Liputan6.com, Jakarta - " + STORY)
    write(folder, "b.txt", STORY.replace("Astana", "Minsk"))
    write(
        folder,
        "metadata.csv",
        "file,source,date,colour\n"
        "a.txt,,2024-05-01,red\n"  # empty source keeps the text's; date supplied
        "b,kumparan,01/05/2024,\n"  # by doc_id; bad date reported and ignored
        ",x,,\n"
        "zzz.txt,Kompas,,\n",
    )
    from analysis.tables import build_corpus_tables

    corpus = load_corpus([folder])
    docs = build_corpus_tables(corpus).documents.set_index("doc_id")
    assert docs.loc["a", ["source", "date"]].tolist() == ["Liputan6", "2024-05-01"]
    assert docs.loc["b", ["source", "date"]].tolist() == ["kumparan", ""]
    messages = " | ".join(p.message for p in corpus.problems)
    assert "unknown columns ignored: colour" in messages
    assert "row 3 (b): date '01/05/2024' is not YYYY-MM-DD" in messages
    assert "row 4: empty 'file'" in messages
    assert "zzz.txt: named in the sidecar but no such article was read" in messages
    assert all(p.path.name == "metadata.csv" for p in corpus.problems)


def test_sidecar_without_file_column(tmp_path):
    path = write(tmp_path, "metadata.csv", "name,source\na.txt,X\n")
    rows, problems = read_metadata_sidecar(path)
    assert rows == {} and "no 'file' column" in problems[0]


@pytest.mark.parametrize(
    ("data", "encoding", "expected"),
    [
        (b"\xff\xfe" + STORY.encode("utf-16-le") + b"A", "utf-16", "Astana"),  # truncated: one odd byte at the end
        (STORY.encode("utf-16-le"), "utf-16-le", "Astana"),  # no byte-order mark
        (STORY.encode("utf-16-be"), "utf-16-be", "Astana"),
        (
            "\u201cKami siap,\u201d kata Putin di Caf\u00e9.".encode("utf-8").replace(b"siap", b"si\x80p"),
            "utf-8",
            "\u201cKami si\ufffdp,\u201d kata Putin di Caf\u00e9.",
        ),
    ],
)
def test_damaged_or_unusual_encodings(data, encoding, expected):
    text, found, warning = decode_bytes(data)
    assert found == encoding and warning
    assert expected in text


def test_one_bad_byte_does_not_turn_a_utf8_file_into_latin1():
    text, encoding, warning = decode_bytes("Caf\u00e9 \u201cRusia\u201d \x80".encode("utf-8").replace(b"\xc2\x80", b"\x80"))
    assert encoding == "utf-8" and "Caf\u00e9 \u201cRusia\u201d" in text and "1 bytes are not valid UTF-8" in warning


def test_odd_entries_in_a_folder_are_reported(tmp_path):
    folder = tmp_path / "raw"
    write(folder, "a.txt", STORY)
    (folder / "folder.txt").mkdir()
    (folder / "broken.txt").symlink_to(folder / "missing.txt")
    corpus = load_corpus([folder])
    assert [a.doc_id for a in corpus.articles] == ["a"]
    assert {p.path.name: p.level for p in corpus.problems} == {"broken.txt": "skipped", "folder.txt": "skipped"}


def test_duplicates_ignore_blank_lines_between_paragraphs(tmp_path):
    write(tmp_path, "a.txt", "Putin tiba.\nIa bertemu Xi.\n")
    write(tmp_path, "b.txt", "Putin tiba.\n\n\nIa bertemu Xi.\n")
    assert load_corpus([tmp_path]).articles[1].duplicate_of == "a"


def test_sidecar_applies_to_its_own_folder_only(tmp_path):
    write(tmp_path / "seeds", "x.txt", "Liputan6.com, Bishkek - " + STORY)
    write(tmp_path / "raw", "x.txt", STORY.replace("Astana", "Minsk"))
    write(tmp_path / "raw", "metadata.csv", "file,source,date\nx.txt,Kompas,2024-01-01\n")
    from analysis.tables import build_corpus_tables

    docs = build_corpus_tables(load_corpus([tmp_path / "seeds", tmp_path / "raw"])).documents.set_index("doc_id")
    assert docs.loc["x", ["source", "date"]].tolist() == ["Liputan6", ""]
    assert docs.loc["raw-x", ["source", "date"]].tolist() == ["Kompas", "2024-01-01"]


def test_sidecar_in_cp1252_and_clearing_a_field(tmp_path):
    write(tmp_path, "a.txt", "Kamis (12/10/2023) - Liputan6.com, Bras\u00edlia - " + STORY)
    write(tmp_path, "b.txt", "Putin tiba pada Kamis (12/10/2023).\nIa senang.\n")
    write(tmp_path, "metadata.csv", "file,city,date\na.txt,Bras\u00edlia,\nb.txt,,-\n".encode("cp1252"))
    from analysis.tables import build_corpus_tables

    corpus = load_corpus([tmp_path])
    docs = build_corpus_tables(corpus).documents.set_index("doc_id")
    assert docs.loc["a", "city"] == "Bras\u00edlia"
    assert docs.loc["b", "date"] == ""  # the text gave 2023-10-12; "-" cleared it
    assert any("cp1252" in p.message for p in corpus.problems)


def test_sidecar_that_is_a_folder(tmp_path):
    write(tmp_path, "a.txt", STORY)
    (tmp_path / "metadata.csv").mkdir()
    corpus = load_corpus([tmp_path])
    assert len(corpus.articles) == 1 and "cannot read the sidecar" in corpus.problems[0].message


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Liputan6.com, Bishkek - Putin tiba pada Kamis (12/10/2023).\nIa senang.", "2023-10-12"),
        # a past event in the first paragraph is not the publication date
        ("Sejak Rusia menginvasi Ukraina pada 24 Februari 2022, Putin jarang bepergian.\nIa kini tiba.", ""),
        ("Judul Berita\nKompas.com - 17/10/2023, 10:15 WIB\nPutin tiba.", "2023-10-17"),
        ("Judul Berita\nKamis, 12/10/2023\nPutin tiba.", "2023-10-12"),
        ("Judul Berita\n2023-10-12\nPutin tiba.", "2023-10-12"),
        ("Judul Berita\n16 Okt 2023 \u2022 06:05 WIB\nPutin tiba.", "2023-10-16"),
    ],
)
def test_publication_date(text, date):
    from analysis.clean import clean_document
    from analysis.corpus import extract_metadata

    assert extract_metadata(clean_document("d", text))["date"] == date


@pytest.mark.parametrize(
    ("text", "date", "source"),
    [
        ("Judul Berita\n16 Okt 2023 \u2022 06:05 WIB\nPutin tiba pada Kamis (12/10/2023).", "2023-10-16", "timestamp"),
        ("Judul Berita\nJakarta (ANTARA) - Putin tiba pada Kamis (12/10/2023).\nIa senang.", "2023-10-12", "lead"),
        # the caption's weekday date, with the lead after it, when nothing else dates the article
        (
            "Judul Berita\nPutin menyapa warga di Bishkek, Kamis (12/10/2023).\nBISHKEK, KOMPAS.com - Putin tiba.\nIa senang.",
            "2023-10-12",
            "caption",
        ),
        # a timestamp wins over a caption's date
        (
            "Judul Berita\n16 Okt 2023 06:05 WIB\nPutin di Bishkek, Kamis (12/10/2023).\nBISHKEK, KOMPAS.com - Putin tiba.",
            "2023-10-16",
            "timestamp",
        ),
        # an event weekday in a later paragraph is not used
        ("Judul Berita\nPutin tiba di Bishkek.\nIa bertemu Japarov pada Jumat (13/10/2023).", "", ""),
    ],
)
def test_date_source(text, date, source):
    from analysis.clean import clean_document
    from analysis.corpus import extract_metadata

    meta = extract_metadata(clean_document("d", text))
    assert (meta["date"], meta["date_source"]) == (date, source)


def test_sidecar_date_is_marked(tmp_path):
    from analysis.tables import build_corpus_tables

    folder = tmp_path / "raw"
    write(folder, "a.txt", "Judul Berita\nJakarta (ANTARA) - Putin tiba pada Kamis (12/10/2023).")
    write(folder, "b.txt", "Judul Lain\nJakarta (ANTARA) - Putin tiba pada Kamis (12/10/2023).\nIa senang.")
    write(folder, "metadata.csv", "file,date\na.txt,2024-05-01\n")
    docs = build_corpus_tables(load_corpus([folder])).documents.set_index("doc_id")
    assert docs.loc["a", ["date", "date_source"]].tolist() == ["2024-05-01", "sidecar"]
    assert docs.loc["b", ["date", "date_source"]].tolist() == ["2023-10-12", "lead"]


def test_what_is_not_read_is_said_and_links_stay_inside_the_corpus(tmp_path):
    folder = tmp_path / "raw"
    write(folder, "a_good.txt", STORY)
    write(folder, "page.html", "<html><body>x</body></html>")
    write(folder, "draft.docx", b"PK\x03\x04")
    write(folder, ".DS_Store", b"\x00")
    write(folder, "README.md", "what this folder holds")
    write(folder, "metadata.csv", "file,source\n")
    (folder / "older").mkdir()
    secret = tmp_path / "outside" / "passwd.txt"
    write(secret.parent, secret.name, "root:x:0:0:root:/root:/bin/bash\n")
    (folder / "b_outside.txt").symlink_to(secret)
    (folder / "c_inside.txt").symlink_to(folder / "a_good.txt")
    (folder / "d_loop.txt").symlink_to(folder / "d_loop.txt")
    corpus = load_corpus([folder])
    assert [a.doc_id for a in corpus.articles] == ["a_good", "c_inside"]  # the link inside the corpus is read (and is a duplicate)
    problems = {p.path.name: p.message for p in corpus.problems if p.level == "skipped"}
    assert problems["b_outside.txt"].startswith(f"a symbolic link to {secret.resolve()}, outside the corpus folders: not read")
    assert problems["d_loop.txt"].startswith("a broken symbolic link")
    assert problems["page.html"].startswith("not read: a .html file;") and "trafilatura" in problems["page.html"]
    assert problems["draft.docx"] == "not read: a .docx file; export it as plain text (.txt, UTF-8)"
    assert problems["older"].startswith("a folder: subfolders are not read")
    assert not {".DS_Store", "README.md", "metadata.csv"} & set(problems)
    assert not any("root:x" in a.text for a in corpus.articles)
    from analysis.corpus import article_paths

    assert (folder / "b_outside.txt") in article_paths([folder], follow_links=True)


def test_an_html_page_saved_as_txt_is_skipped_with_what_to_do(tmp_path):
    folder = tmp_path / "raw"
    write(folder, "a_good.txt", STORY)
    write(folder, "b_page.txt", "<!DOCTYPE html>\n<html><head><title>Putin</title></head><body><p>" + STORY + "</p></body></html>")
    write(folder, "c_divs.txt", "".join(f"<div class='x'><span>{w}</span></div>\n" for w in STORY.split()[:40]))
    write(folder, "d_quotes_a_tag.txt", STORY + "\nWarganet menulis <script>alert(1)</script> di kolom komentar.\n")
    corpus = load_corpus([folder])
    assert [a.doc_id for a in corpus.articles] == ["a_good", "d_quotes_a_tag"]
    problems = {p.path.name: p.message for p in corpus.problems}
    assert problems["b_page.txt"].startswith("an HTML page, not plain text: not read") and "c_divs.txt" in problems


def test_an_english_article_is_flagged_and_an_indonesian_one_quoting_english_is_not():
    from analysis.pipeline.articles import text_stage

    english = (
        "Russian President Vladimir Putin arrived in Astana on Thursday for talks with President Tokayev. The two leaders "
        "discussed trade and energy at the palace, and officials said it was the third visit of the year.\n"
    )
    quoting = (
        'Juru bicara Kremlin Dmitry Peskov mengatakan, "We are committed to the partnership and it will continue for '
        'years," dalam konferensi pers di Moskow pada Kamis. Ia menambahkan bahwa kerja sama tersebut akan diperluas '
        "ke bidang energi dan pertahanan, yang telah dibahas oleh kedua negara sejak tahun lalu.\n"
    )
    warning = lambda text: text_stage(text.encode("utf-8"))["articles"][0][1]  # noqa: E731
    assert warning(english).startswith("looks like English")
    assert warning(quoting) == ""
    assert warning(STORY) == ""  # too short to tell: no warning
