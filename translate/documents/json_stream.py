"""The sentence-aligned JSON of a whole document, written unit by unit as the folder job
receives them, with the running figures (``Tally``) its totals are made of."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kabar.core.atomic import AtomicFile
from kabar.translate.results import ArticleTranslation, EngineInfo, article_totals

if TYPE_CHECKING:
    from kabar.translate.documents.lifecycle import Unit

LINE_BREAK = re.compile(r"\r\n|\r|\n")


# A document's list of sentences to check keeps its worst this many: a 10 MB file whose
# every sentence is flagged would otherwise hold (and checkpoint) all of them, and memory
# would grow with the file. The count is always the whole document's.
MAX_LISTED = 100


def _worst_first(item: Mapping[str, Any]) -> tuple[float, int, int]:
    return (item["confidence"], -len(item["flags"]), item["sentence"])


class Tally:
    """Running figures of one document: sentences, confidence, flags, seconds, and the
    sentences to check (``to_check``: the worst ``MAX_LISTED`` as
    ``SentenceToCheck.to_dict()`` with the sentence's index in the whole document;
    ``to_check_count``: all of them; ``flags``: how many sentences raised each flag)."""

    def __init__(self) -> None:
        self.sentences = 0
        self.flagged = 0
        self.seconds = 0.0
        self.worst: float | None = None
        self._confidence_sum = 0.0
        self.flags: dict[str, int] = {}
        self.to_check: list[dict[str, Any]] = []
        self.to_check_count = 0

    def add(self, article: ArticleTranslation, seconds: float) -> None:
        for item in article.to_check.sentences:
            self.to_check.append(item.to_dict() | {"sentence": self.sentences + item.index})
        self.to_check_count += len(article.to_check.sentences)
        if len(self.to_check) > 2 * MAX_LISTED:  # bounded, sorted only now and then
            self.to_check = sorted(self.to_check, key=_worst_first)[:MAX_LISTED]
        for sentence in article.sentences:
            for flag in sentence.flags:
                self.flags[flag] = self.flags.get(flag, 0) + 1
            self.sentences += 1
            self._confidence_sum += sentence.confidence
            self.flagged += bool(sentence.flags)
            self.worst = (
                sentence.confidence if self.worst is None else min(self.worst, sentence.confidence)
            )
        self.seconds += seconds

    @property
    def mean_confidence(self) -> float | None:
        return self._confidence_sum / self.sentences if self.sentences else None

    def review(self) -> dict[str, Any]:
        """The document's sentences to check, worst first, as ``ReviewList.to_dict()``:
        ``count`` all of them, ``sentences`` the worst ``MAX_LISTED`` (``listed`` says how
        many are listed, so a long list is never cut without a word)."""
        ordered = sorted(self.to_check, key=_worst_first)[:MAX_LISTED]
        return {"count": self.to_check_count, "listed": len(ordered), "sentences": ordered}

    def state(self) -> dict[str, Any]:
        """The running figures, for a checkpoint (floats survive JSON exactly)."""
        return {
            "sentences": self.sentences,
            "flagged": self.flagged,
            "seconds": self.seconds,
            "worst": self.worst,
            "confidence_sum": self._confidence_sum,
            "flags": self.flags,
            "to_check": self.to_check,
            "to_check_count": self.to_check_count,
        }

    def restore(self, state: Mapping[str, Any]) -> None:
        self.sentences = int(state["sentences"])
        self.flagged = int(state["flagged"])
        self.seconds = float(state["seconds"])
        self.worst = None if state["worst"] is None else float(state["worst"])
        self._confidence_sum = float(state["confidence_sum"])
        # A checkpoint of an older kabar has neither: the list starts at the resume point.
        self.flags = {str(k): int(v) for k, v in state.get("flags", {}).items()}
        self.to_check = list(state.get("to_check", []))
        self.to_check_count = int(state.get("to_check_count", len(self.to_check)))


class JsonArticleStream:
    """``ArticleTranslation.to_dict()`` of a whole document, written unit by unit.

    Spans are shifted by each unit's offset so they index the whole document's text;
    the totals (sentence count, confidence, seconds) are written last.
    """

    def __init__(self, file: AtomicFile, *, begin: bool = True) -> None:
        self.file = file
        if begin:
            self.file.handle.write('{"paragraphs": [')
        self.engine: EngineInfo | None = None
        self.notices: list[str] = []
        self._paragraphs = 0

    def state(self) -> dict[str, Any]:
        return {
            "paragraphs": self._paragraphs,
            "engine": None if self.engine is None else self.engine.to_dict(),
            "notices": self.notices,
        }

    @classmethod
    def resumed(cls, file: AtomicFile, state: Mapping[str, Any]) -> JsonArticleStream:
        """The stream continued in ``file`` (cut back to where ``state`` was saved)."""
        stream = cls(file, begin=False)
        stream._paragraphs = int(state["paragraphs"])
        stream.engine = None if state["engine"] is None else EngineInfo(**state["engine"])
        stream.notices = list(state["notices"])
        return stream

    def add(self, unit: Unit, article: ArticleTranslation, seconds: float) -> None:
        self.engine = article.engine
        self.notices += [n for n in article.notices if n not in self.notices]
        for index, paragraph in enumerate(article.paragraphs):
            data = paragraph.to_dict()
            data["start"] += unit.offset
            data["end"] += unit.offset
            if index == 0 and self._paragraphs:
                data["newlines_before"] = len(LINE_BREAK.findall(unit.separator))
            for sentence in data["sentences"]:
                sentence["start"] += unit.offset
                sentence["end"] += unit.offset
            prefix = "," if self._paragraphs else ""
            self.file.handle.write(prefix + "\n" + json.dumps(data, ensure_ascii=False))
            self._paragraphs += 1

    def commit(
        self, tally: Tally, notices: list[str], *, brief: Mapping[str, Any] | None = None
    ) -> None:
        totals = article_totals(
            self.engine,
            seconds=tally.seconds,
            sentence_count=tally.sentences,
            mean_confidence=tally.mean_confidence,
            worst_confidence=tally.worst,
            flagged_sentences=tally.flagged,
            notices=notices,
        )
        totals["to_check"] = tally.review()
        if brief is not None:
            totals["brief"] = brief
        self.file.handle.write("\n], " + json.dumps(totals, ensure_ascii=False)[1:] + "\n")
        self.file.commit()

    def abort(self) -> None:
        self.file.abort()
