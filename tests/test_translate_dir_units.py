"""The folder job's parts without a model: cutting text, atomic writes, the manifest, HTML
text, discovery."""

from __future__ import annotations

import hashlib
import os
import socket
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kabar.core.atomic import TEMP_SUFFIX, AtomicFile, atomic_write, remove_temp_files
from kabar.core.errors import InputError
from kabar.core.reading.decode import decode_text, detect_file_encoding, iter_file_text
from kabar.translate.documents.base import DocumentOptions, input_kind, output_names
from kabar.translate.documents.html import VisibleText
from kabar.translate.documents.text import text_units
from kabar.translate.folder.discovery import discover
from kabar.translate.folder.manifest import FolderBusyError, Manifest, ManifestEntry, hash_file

# --- cutting long text into units -------------------------------------------------


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)] or [""]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet=st.sampled_from("ab .\n\r\t"), max_size=600),
    group=st.integers(min_value=5, max_value=80),
    chunk=st.integers(min_value=1, max_value=50),
)
def test_units_cover_the_text_losslessly_within_the_size(text: str, group: int, chunk: int) -> None:
    units = list(text_units(_chunks(text, chunk), group))
    position = 0
    for unit in units:
        assert unit.text.strip(), "whitespace-only stretches make no unit"
        assert text[position : unit.offset].strip() == ""  # skipped only whitespace
        assert text[unit.offset : unit.offset + len(unit.text)] == unit.text
        assert len(unit.text) <= group
        position = unit.offset + len(unit.text)
    assert text[position:].strip() == ""
    assert [u.separator for u in units[:1]] in ([], [""])


def test_units_cut_at_blank_lines_first_and_keep_the_break() -> None:
    paragraphs = [f"Paragraf nomor {i} berisi kalimat." for i in range(40)]
    text = "\n\n".join(paragraphs) + "\n"
    units = list(text_units(_chunks(text, 7), 200))
    assert len(units) > 5
    for unit in units:
        assert unit.text.strip().startswith("Paragraf")
        assert unit.text.strip().endswith("kalimat.")
    assert all(u.separator == "\n\n" for u in units[1:])


def test_single_line_breaks_and_overlong_lines() -> None:
    text = "\n".join(f"Baris {i}." for i in range(50))
    assert {u.separator for u in list(text_units([text], 60))[1:]} == {"\n"}
    words = " ".join(["kata"] * 100)  # one paragraph longer than a unit: cut at spaces
    units = list(text_units([words], 60))
    assert len(units) > 1 and {u.separator for u in units[1:]} == {" "}
    assert " ".join(u.text.strip() for u in units) == words
    glued = "x" * 250  # no whitespace at all: cut anywhere, joined back without a space
    units = list(text_units([glued], 100))
    assert [len(u.text) for u in units] == [100, 100, 50]
    assert {u.separator for u in units[1:]} == {""}


# --- names and kinds --------------------------------------------------------------


def test_output_names_put_en_before_the_extension() -> None:
    text, extras = DocumentOptions(), DocumentOptions(json=True, brief=True)
    assert output_names(PurePosixPath("a/berita.txt"), text).names == (
        PurePosixPath("a/berita.en.txt"),
    )
    assert output_names(PurePosixPath("b.HTML"), extras).names == (
        PurePosixPath("b.en.HTML"),
        PurePosixPath("b.en.HTML.json"),
        PurePosixPath("b.en.HTML.brief.txt"),
    )
    # A corpus carries the JSON and the briefs in its own lines.
    assert output_names(PurePosixPath("c.jsonl"), extras).names == (PurePosixPath("c.en.jsonl"),)
    assert [input_kind(n) for n in ("x.md", "x.htm", "x.DOCX", "x.pdf", "x")] == [
        "markdown",
        "html",
        "docx",
        None,
        None,
    ]


# --- atomic writes ----------------------------------------------------------------


def test_atomic_write_replaces_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "out.txt"
    with atomic_write(target) as handle:
        handle.write("lama\n")
    with pytest.raises(RuntimeError), atomic_write(target) as handle:
        handle.write("baru, setengah")
        raise RuntimeError("crash in the middle")
    assert target.read_text("utf-8") == "lama\n"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]
    file = AtomicFile(target)
    file.handle.write("baru\n")
    assert target.read_text("utf-8") == "lama\n"  # not visible before commit
    file.commit()
    assert target.read_text("utf-8") == "baru\n"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)  # not mkstemp's private mode


def test_leftover_temp_files_are_found_and_removed(tmp_path: Path) -> None:
    left = AtomicFile(tmp_path / "deep" / "a.en.txt")
    left.handle.write("setengah")
    left.handle.flush()  # as if the process were killed here
    (tmp_path / "keep.kabar-tmp.txt").write_text("not ours")
    removed = remove_temp_files(tmp_path)
    assert [p.name.endswith(TEMP_SUFFIX) for p in removed] == [True]
    assert not any(p.name.endswith(TEMP_SUFFIX) for p in tmp_path.rglob("*"))
    assert (tmp_path / "keep.kabar-tmp.txt").exists()


# --- the manifest -----------------------------------------------------------------


def _entry(name: str, sha: str = "abc") -> ManifestEntry:
    return ManifestEntry(
        input=name, sha256=sha, settings={"model": "m", "beam": 1}, outputs=(f"{name}.en",)
    )


def test_manifest_skips_only_unchanged_complete_work(tmp_path: Path) -> None:
    manifest = Manifest(tmp_path)
    manifest.record([_entry("a"), _entry("b")])
    (tmp_path / "a.en").write_text("done")
    manifest.close()
    # A crash mid-append leaves a torn last line: it is ignored, and the next record
    # starts on a line of its own.
    with (tmp_path / ".kabar-manifest.jsonl").open("a") as handle:
        handle.write('{"input": "c", "sha2')
    manifest = Manifest(tmp_path)
    assert set(manifest.entries) == {"a", "b"}
    settings_ = {"model": "m", "beam": 1}
    assert manifest.finished("a", "abc", settings_, ["a.en"]) is not None
    assert manifest.finished("a", "changed", settings_, ["a.en"]) is None
    assert manifest.finished("a", "abc", {"model": "other", "beam": 1}, ["a.en"]) is None
    assert manifest.finished("a", "abc", settings_, ["a.en", "a.en.json"]) is None
    assert manifest.finished("b", "abc", settings_, ["b.en"]) is None  # output deleted
    # Extras: a run that made the JSON satisfies one that does not ask for it, not the
    # reverse.
    manifest.record([ManifestEntry("d", "abc", settings_, ("d.en",), {"json": True})])
    (tmp_path / "d.en").write_text("done")
    assert manifest.finished("d", "abc", settings_, ["d.en"], {}) is not None
    assert manifest.finished("d", "abc", settings_, ["d.en"], {"json": True}) is not None
    assert manifest.finished("a", "abc", settings_, ["a.en"], {"json": True}) is None
    assert manifest.finished("d", "abc", settings_, ["d.en"], {"brief": True}) is None
    manifest.record([_entry("c")])
    manifest.close()
    assert set(Manifest(tmp_path).entries) == {"a", "b", "c", "d"}


def test_one_run_per_output_folder(tmp_path: Path) -> None:
    first = Manifest(tmp_path)
    with pytest.raises(FolderBusyError, match="another kabar run"):
        Manifest(tmp_path)
    first.close()
    Manifest(tmp_path).close()


def test_hash_file_reads_or_fails_clearly(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"halo")
    assert hash_file(tmp_path / "a.txt", name="a.txt") == hashlib.sha256(b"halo").hexdigest()
    os.symlink(tmp_path / "nowhere", tmp_path / "broken.txt")
    with pytest.raises(InputError, match=r"cannot read broken\.txt"):
        hash_file(tmp_path / "broken.txt", name="broken.txt")


# --- streamed decoding --------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "Kata “kutipan” — café".encode(),
        "\ufeffDengan BOM".encode(),
        "UTF-16 dengan BOM".encode("utf-16"),
        "Caf\xe9 \u201cWindows\u201d".encode("cp1252"),
    ],
)
def test_streamed_decoding_matches_decode_text(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    text, name, notices = decode_text(data, name="x.txt")
    encoding = detect_file_encoding(path, name="x.txt")
    assert (encoding.name, encoding.notices) == (name, notices)
    assert "".join(iter_file_text(path, encoding, name="x.txt", chunk_bytes=3)) == text


def test_streamed_decoding_refuses_what_decode_text_refuses(tmp_path: Path) -> None:
    for data, message in [
        (b"%PDF-1.4 ...", "is a PDF"),
        (b"teks\x00biner", "looks binary"),
        (b"ok " * 30000 + b"\x81\x8d\x8f\x90\x9d", "neither UTF-8 nor Windows-1252"),
    ]:
        path = tmp_path / "x.txt"
        path.write_bytes(data)
        with pytest.raises(InputError, match=message):
            detect_file_encoding(path, name="x.txt")


# --- HTML -------------------------------------------------------------------------


def test_visible_text_drops_scripts_navigation_and_chrome() -> None:
    page = """<!doctype html><html><head><title>Judul situs</title>
    <style>p { color: red }</style><script>var iklan = "Beli sekarang";</script></head>
    <body><nav><a href="/">Beranda</a> <a href="/x">Politik</a></nav>
    <article><h1>Presiden &amp; menteri bertemu</h1>
    <p>Paragraf <b>pertama</b>
       terbagi baris.</p><div>Kedua<br>ketiga.<br>Keempat<br><br>kelima</div>
    <ul><li>Butir satu</li><li>Butir dua</li></ul></article>
    <aside>Baca juga: berita lain</aside><footer>Hak cipta 2025</footer></body></html>"""
    parser = VisibleText(max_chars=10_000)
    for i in range(0, len(page), 17):  # fed in pieces, as the file is read
        parser.feed(page[i : i + 17])
    parser.close()
    parser.end_paragraph()
    assert parser.take() == [
        ("h1", "Presiden & menteri bertemu"),
        ("p", "Paragraf pertama terbagi baris."),
        ("p", "Kedua ketiga."),  # a <br> before lower case: the sentence goes on
        ("p", "Keempat"),
        ("p", "kelima"),  # two in a row: a paragraph break
        ("p", "Butir satu"),
        ("p", "Butir dua"),
    ]


# --- discovery ----------------------------------------------------------------------


def test_discovery_walks_the_tree_and_survives_loops_and_special_files(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "a" / "b").mkdir(parents=True)
    (root / "x.txt").write_text("x")
    (root / "a" / "y.md").write_text("y")
    (root / "a" / "b" / "z.html").write_text("z")
    (root / "a" / "foto.jpg").write_bytes(b"\xff\xd8\xff")
    os.symlink(root, root / "a" / "b" / "loop")  # back to the top: a loop
    os.symlink(root / "a" / "b", root / "again")  # the same folder a second way
    os.symlink(root / "missing.txt", root / "broken.txt")
    os.symlink("self.txt", root / "self.txt")  # a link to itself
    os.mkfifo(root / "pipe.txt")  # opening it would block the run forever
    (root / "old-out").mkdir()  # an earlier run's output folder
    (root / "old-out" / ".kabar-manifest.jsonl").write_text("")
    (root / "old-out" / "x.en.txt").write_text("English")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "sock.txt"))
        (root / "out").mkdir()
        found = discover(root, exclude=root / "out")
    assert [str(f.rel) for f in found.inputs] == ["a/b/z.html", "a/y.md", "x.txt"]
    outcomes = {o.path: (o.status, o.reason) for o in found.others}
    assert outcomes["a/foto.jpg"] == ("skipped", "not an input kind: .jpg")
    assert outcomes["a/b/loop/"][0:2] == ("skipped", "symlink loop: not entered")
    assert outcomes["again/"] == ("skipped", "already read: same folder as a/b/")
    assert outcomes["out/"] == ("skipped", "the output folder: not read")
    assert outcomes["old-out/"] == ("skipped", "a kabar output folder: not read")
    assert outcomes["broken.txt"][0] == "failed" and "broken symlink" in outcomes["broken.txt"][1]
    assert outcomes["self.txt"][0] == "failed" and "symbolic links" in outcomes["self.txt"][1]
    assert outcomes["pipe.txt"][0] == "failed" and "not a regular file" in outcomes["pipe.txt"][1]
    assert outcomes["sock.txt"][0] == "failed"


@pytest.mark.parametrize("br", ["<br>", "<br/>", "<br />", "</br>"])
def test_every_spelling_of_one_line_break_is_one_break(br: str) -> None:
    from kabar.core.reading.html import visible_text

    assert visible_text(f"<p>Baris satu{br}lanjut di sini.</p>") == ["Baris satu lanjut di sini."]
    assert visible_text(f"<p>Baris satu.{br}{br}Baris dua.</p>") == ["Baris satu.", "Baris dua."]


def test_the_summary_counts_unchanged_files_in_the_right_number() -> None:
    from kabar.translate.folder.report import UNCHANGED, _skip_group

    assert _skip_group(UNCHANGED, ["a.txt"]).endswith("(--force redoes it)")
    assert _skip_group(UNCHANGED, ["a.txt", "b.txt"]) == (
        "2 unchanged since the last run (--force redoes them)"
    )
