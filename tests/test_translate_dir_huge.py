"""A 10 MB text file goes through the folder job in bounded memory.

The stand-in backend answers instantly, so what is measured is the job itself: the file
is read in 64 KB chunks, cut into paragraph groups, translated a round at a time and
written to a temporary file as it goes. tracemalloc's peak (every Python allocation,
the file's text included if it were ever held whole) must stay a small fraction of the
file's size.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from kabar.core.splitter import segment
from kabar.translate.engine import Translator
from kabar.translate.folder.job import FolderJobOptions, translate_folder
from kabar.translate.options import TranslationOptions
from tests.conftest import seed_files
from tests.test_translate_dir_job import EchoBackend

TEN_MB = 10_000_000


def test_ten_megabyte_file_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    article = seed_files()[2].read_text("utf-8").strip() + "\n\n"
    copies = TEN_MB // len(article.encode()) + 1
    source = tmp_path / "in" / "arsip.txt"
    source.parent.mkdir()
    with source.open("w", encoding="utf-8") as handle:
        for _ in range(copies):
            handle.write(article)
    assert source.stat().st_size >= TEN_MB
    # record=False: the stand-in must not keep what it was given.
    translator = Translator(EchoBackend(record=False), TranslationOptions(beam_size=1))

    tracemalloc.start()
    try:
        report = translate_folder(
            tmp_path / "in",
            tmp_path / "out",
            options=FolderJobOptions(),
            load_translator=lambda: translator,
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    # Measured: 2.2 MB with the default 150,000-character rounds, whatever the file
    # size (1 MB and 10 MB give the same peak); holding the text alone would take 10 MB.
    print(f"tracemalloc peak {peak / 1e6:.2f} MB for a {source.stat().st_size / 1e6:.1f} MB file")
    assert peak < TEN_MB // 2, f"peak {peak / 1e6:.1f} MB"
    assert report.count("translated") == 1
    per_copy = sum(len(p.sentences) for p in segment(article))
    assert report.sentences == per_copy * copies
    english = tmp_path / "out" / "arsip.en.txt"
    paragraphs = len(segment(article))
    with english.open(encoding="utf-8") as handle:
        lines = sum(1 for line in handle if line.strip())
    assert lines == paragraphs * copies
    assert not list((tmp_path / "out").glob(".*.kabar-tmp"))
