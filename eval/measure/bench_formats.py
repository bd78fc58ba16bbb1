"""What translating a document in its own format costs beyond the model: a Word file, a
web page and a Markdown file of N paragraphs (two sentences each) go through
``translate_document`` with an engine that copies every sentence back instantly, so the
seconds printed are the format layer's (parse, place the English, write) and the
splitter's, not a model's.

    python -m kabar.eval.measure.bench_formats --paragraphs 2000
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from kabar.translate.backends.base import Decoded
from kabar.translate.documents.single import translate_document
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions

SENTENCES = (
    "Presiden bertemu para menteri di Jakarta pada Senin pagi.",
    "Rapat membahas anggaran.",
)


class CopyBackend:
    """Not a translator: gives each sentence back as it is, at once (timing only)."""

    name = model_id = "copy"
    device = "cpu"
    threads = 1
    compute_type = "none"
    max_input_tokens = 512

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        return [
            Decoded(text=t, tokens=len(t.split()) + 1, mean_log_prob=-0.1, hit_limit=False)
            for t in texts
        ]


def make_inputs(folder: Path, paragraphs: int) -> dict[str, Path]:
    import docx

    word = docx.Document()
    for _ in range(paragraphs):
        paragraph = word.add_paragraph(f"{SENTENCES[0]} ")
        paragraph.add_run(SENTENCES[1]).bold = True
    word.save(str(folder / "berita.docx"))
    body = "".join(f"<p>{SENTENCES[0]} <b>{SENTENCES[1]}</b></p>\n" for _ in range(paragraphs))
    (folder / "halaman.html").write_text(f"<html><body><article>{body}</article></body></html>")
    (folder / "berita.md").write_text(
        "".join(f"- {SENTENCES[0]} **{SENTENCES[1]}**\n\n" for _ in range(paragraphs))
    )
    return {
        "docx": folder / "berita.docx",
        "html": folder / "halaman.html",
        "md": folder / "berita.md",
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--paragraphs", type=int, default=2000)
    args = parser.parse_args(argv)
    translator = Translator(CopyBackend(), TranslationOptions(beam_size=1))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for fmt, source in make_inputs(folder, args.paragraphs).items():
            began = time.perf_counter()
            document = translate_document(translator, source, folder / f"out.{fmt}", fmt=fmt)
            seconds = time.perf_counter() - began
            print(
                f"{fmt}: {args.paragraphs} paragraphs, {document.tally.sentences} sentences, "
                f"{seconds:.2f} s ({document.tally.sentences / seconds:,.0f} sentences/s)"
            )
    print(f"load average {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
