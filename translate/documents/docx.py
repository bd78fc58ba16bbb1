"""``.docx`` inputs: the same Word document back, its text in English.

Every paragraph with text is translated in place, wherever it is: the body, tables and
nested tables, headers, footers, footnotes, endnotes and text boxes (a text box's
fallback copy for old Word versions is left alone, so nothing is translated twice).
The paragraph keeps its style, numbering, alignment and spacing (its ``w:pPr``); images,
comments, fields and page layout are not touched. Each English sentence becomes a run
with the formatting of the run it came from when that run (or hyperlink) holds the whole
sentence, else with the paragraph's dominant formatting (the run with the most text):
formatting inside a sentence cannot follow a translation word for word. The document's
language becomes English (``en-US``), so Word checks its spelling as English.

python-docx reads a whole document into memory (there is no streaming reader for the
format); the units it is translated in are still paragraph groups of bounded size.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from typing import IO, Any

from kabar.core.reading.docx import open_docx
from kabar.translate.documents.structured import Block, Placed, StructuredDocument

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_RUN_PATHS = "./w:r | ./w:hyperlink/w:r | ./w:ins/w:r | ./w:smartTag/w:r | ./w:sdt/w:sdtContent/w:r"
# Containers of runs that go when their last run does (a content control stays).
_EMPTIED = (f"{W}hyperlink", f"{W}ins", f"{W}smartTag")
# What a run's text is made of (what python-docx's Run.text reads).
_TEXT_OF = {f"{W}t": None, f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}cr": "\n"}
_TEXT_OF |= {f"{W}br": "\n", f"{W}noBreakHyphen": "-", f"{W}softHyphen": ""}
ENGLISH = "en-US"
_NOTE_RELATIONSHIPS = ("footnotes", "endnotes")
_STORY_RELATIONSHIPS = ("header", "footer")


def _text_children(run: Any) -> list[Any]:
    return [
        child
        for child in run
        if child.tag in _TEXT_OF and not (child.tag == f"{W}br" and child.get(f"{W}type"))
    ]


def _run_text(run: Any) -> str:
    return "".join(
        (child.text or "") if _TEXT_OF[child.tag] is None else str(_TEXT_OF[child.tag])
        for child in _text_children(run)
    )


class ParagraphBlock(Block):
    """One ``w:p``: its runs are the slots."""

    def __init__(self, paragraph: Any) -> None:
        self.paragraph = paragraph
        self.runs = [run for run in paragraph.xpath(_RUN_PATHS) if _text_children(run)]
        super().__init__([_run_text(run) for run in self.runs])

    def put(self, placed: Sequence[Placed]) -> None:
        if not self.runs:
            return
        lengths = [end - start for start, end in self.spans]
        dominant = lengths.index(max(lengths))
        anchor = self.runs[0]
        while anchor.getparent() is not self.paragraph:  # the paragraph's child holding it
            anchor = anchor.getparent()
        for number, item in enumerate(placed):
            if number:  # the space between sentences, outside any bold or link
                anchor.addprevious(_run_like(self.runs[dominant], " "))
            source = self.runs[dominant if item.slot is None else item.slot]
            run = _run_like(source, item.english)
            holder = source.getparent()
            if item.slot is not None and holder.tag == f"{W}hyperlink":
                link = holder.makeelement(holder.tag, dict(holder.attrib))
                link.append(run)
                run = link
            anchor.addprevious(run)
        for old in self.runs:
            for child in _text_children(old):
                old.remove(child)
            holder = old.getparent()
            if all(child.tag == f"{W}rPr" for child in old):
                holder.remove(old)
                if holder.tag in _EMPTIED and not len(holder):
                    holder.getparent().remove(holder)


def _run_like(source: Any, text: str) -> Any:
    """A run with ``source``'s formatting (its language English) and ``text``."""
    run = copy.deepcopy(source)
    for child in list(run):
        if child.tag != f"{W}rPr":
            run.remove(child)
    node = run.makeelement(f"{W}t", {})
    node.text = text
    node.set(_XML_SPACE, "preserve")
    run.append(node)
    _set_language(run)
    return run


def _set_language(element: Any) -> None:
    for lang in element.iter(f"{W}lang"):
        if lang.get(f"{W}val") is not None:
            lang.set(f"{W}val", ENGLISH)


def story_paragraphs(root: Any) -> Iterator[Any]:
    """The ``w:p`` of a story (body, header, footnotes) in document order, text boxes
    included, their fallback copies not."""
    for paragraph in root.iter(f"{W}p"):
        if not any(ancestor.tag == _FALLBACK for ancestor in paragraph.iterancestors()):
            yield paragraph


class DocxDocument(StructuredDocument):
    """A Word document; ``.en.docx`` is the same document in English."""

    kind = "docx"
    suffixes = (".docx",)
    count_name = "paragraphs"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._docx: Any = None
        self._notes: list[tuple[Any, Any]] = []  # (part, its parsed XML): saved back

    def load(self) -> list[Block]:
        from docx.oxml.parser import parse_xml

        self._docx = open_docx(self.source, name=self.name)
        roots = [self._docx.element.body]
        for rel in self._docx.part.rels.values():
            kind = rel.reltype.rsplit("/", 1)[-1]
            if rel.is_external or kind not in (*_STORY_RELATIONSHIPS, *_NOTE_RELATIONSHIPS):
                continue
            part = rel.target_part
            element = getattr(part, "element", None)
            if element is None:  # python-docx has no class for notes: parse their XML
                element = parse_xml(part.blob)
                self._notes.append((part, element))
            roots.append(element)
        return [ParagraphBlock(p) for root in roots for p in story_paragraphs(root)]

    def save(self, handle: IO[bytes]) -> None:
        from lxml import etree

        for part, element in self._notes:
            part._blob = etree.tostring(element, xml_declaration=True, standalone=True)
        _set_language(self._docx.styles.element)
        defaults = self._docx.styles.element.find(f"{W}docDefaults")
        if defaults is not None and not any(True for _ in defaults.iter(f"{W}lang")):
            properties = defaults.find(f"{W}rPrDefault/{W}rPr")
            if properties is not None:
                lang = properties.makeelement(f"{W}lang", {f"{W}val": ENGLISH})
                properties.append(lang)
        self._docx.core_properties.language = ENGLISH
        self._docx.save(handle)

    def drop(self) -> None:
        self._docx = None


FORMAT = DocxDocument
