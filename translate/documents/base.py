"""The names the folder job, the CLI and the tests import, from the three modules the
documents' common code is in: ``registry`` (which class reads which file, what it writes),
``lifecycle`` (a document read in units, translated, committed or aborted) and
``json_stream`` (the sentence-aligned JSON written unit by unit)."""

from kabar.translate.briefing import BriefRows, brief_rows
from kabar.translate.documents.json_stream import LINE_BREAK, JsonArticleStream, Tally
from kabar.translate.documents.lifecycle import (
    MAX_BRIEF_SENTENCES,
    BriefMaker,
    Document,
    StreamedTextDocument,
    Unit,
    brief_text,
    sentence_count,
    translations_by_block,
)
from kabar.translate.documents.registry import (
    FORMAT_MODULES,
    DocumentOptions,
    Outputs,
    format_of,
    formats,
    input_kind,
    input_suffixes,
    open_document,
    output_names,
)

__all__ = [
    "FORMAT_MODULES",
    "LINE_BREAK",
    "MAX_BRIEF_SENTENCES",
    "BriefMaker",
    "BriefRows",
    "Document",
    "DocumentOptions",
    "JsonArticleStream",
    "Outputs",
    "StreamedTextDocument",
    "Tally",
    "Unit",
    "brief_rows",
    "brief_text",
    "format_of",
    "formats",
    "input_kind",
    "input_suffixes",
    "open_document",
    "output_names",
    "sentence_count",
    "translations_by_block",
]
