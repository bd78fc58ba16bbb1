"""A page's block of text, and where its English goes when a sentence crosses inline
elements (``<strong>``, ``<i>``, ``<span>``, ``<a>``).

A sentence wholly inside one text node replaces it. A sentence crossing inline elements
cannot keep their formatting word for word, and a translation is never markup, so:

- an inline element whose words the English keeps verbatim (a bold dateline
  ``<strong>JAKARTA</strong>``, a name, a number, a link's ``BMKG``), as often as the
  source sentence has them and in order, stays as it is around them (a bold or an icon
  inside it too): the English before it goes into the text node before it, the English
  after it into the one after it, outside every inline element where there is one;
- a link the English changed that holds most of the sentence ("Baca juga: <a>...</a>")
  takes the English inside it (its label's, marked off by the same ":", before it);
- otherwise the whole English goes into the text node holding most of the sentence (as
  a .docx sentence takes its dominant run: an italic quote stays italic), or the first
  outside a link it crosses, and each inline element whose words it took is dropped —
  its words are in the English, once, and an emptied ``<b></b>`` would only be debris —
  except a link, which keeps its own text (and the formatting inside it) after the
  sentence: a link is never lost; an element with an ``id`` (a link may point at it)
  and ``<time>``/``<data>`` (their machine-readable value) stay, empty.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from kabar.translate.documents.structured import Block, Placed

SOFT_HYPHEN = "\u00ad"
# Inline elements left in place, empty, when their words move into a sentence placed
# elsewhere: a link keeps its own text instead; <time>/<data> carry a value of their own.
KEPT_EMPTY = frozenset({"a", "time", "data"})
# What ends a label before a link ("Baca juga:", "Lihat juga -", "Video »").
LABEL_MARKS = (":", "-", "\u2013", "\u2014", "|", "\u00bb", "\u203a")
# No text of their own to wrap.
_VOID = frozenset({"br", "wbr", "img"})


class SlotBlock(Block):
    """Text nodes of one block: ``slots[i]`` is (element, "text" | "tail"), read as
    ``element.text`` or ``element.tail``; ``level[i]`` says whether it is outside every
    inline element of the block (where a crossing sentence goes)."""

    join_crossing = False  # each crossing sentence is placed by its own inline elements

    def __init__(
        self,
        slots: Sequence[tuple[Any, str]],
        level: Sequence[bool],
        owner: Any = None,
        shown: str | None = None,
    ) -> None:
        self.slots = list(slots)
        self.level = list(level)
        self.raws = [getattr(element, where) or "" for element, where in slots]
        # A soft hyphen is a hyphenation hint, invisible on the page: left in, it splits
        # words for the model (reading a page drops it too). The English replaces a slot
        # whole, so its raw text is not needed but for its spacing.
        super().__init__([raw.replace(SOFT_HYPHEN, "") for raw in self.raws])
        # The block element the text is in, and the text a reader sees there (inline code
        # included, which is not translated): what the article's extraction is matched to.
        self.owner = owner
        self.shown = self.text if shown is None else shown
        # An inline element's text slot -> its tail slot: the element's text is between.
        tails = {id(e): i for i, (e, where) in enumerate(self.slots) if where == "tail"}
        self._tails = {
            i: tails[id(e)]
            for i, (e, where) in enumerate(self.slots)
            if where == "text" and i and id(e) in tails and _tag(e) not in _VOID
        }

    def put(self, placed: Sequence[Placed]) -> None:
        english: list[list[str]] = [[] for _ in self.slots]
        spacing: dict[int, tuple[str | None, str | None]] = {}  # (lead, trail) of a slot
        moved: set[int] = set()  # inline elements' text slots whose words went elsewhere
        untouched: set[int] = set()  # inside an element that wraps its words in the English
        for item in placed:
            if item.slot is not None:
                english[item.slot].append(item.english)
                continue
            link = self._link_holding(item)
            if link is not None:
                label = self._into_link(item, *link, english, spacing, moved)
                if label is None:
                    continue
                item = label  # placed as a sentence of its own: a bold label stays bold
            wrapped = self._wrapped(item)
            if wrapped is None:
                english[self._slot_of(item)].append(item.english)
                moved.update(i for i in self._overlapping(item) if self._inline_text(i))
                continue
            pieces, inside, emptied = wrapped
            untouched.update(inside)
            moved.update(emptied)
            for number, (slot, piece) in enumerate(pieces):
                if piece.strip():
                    english[slot].append(piece.strip())
                lead = (" " if piece[:1].isspace() else "") if number else None
                trail = (" " if piece[-1:].isspace() else "") if number < len(pieces) - 1 else None
                if number or piece.strip():  # before the first element: as the link did
                    spacing[slot] = (lead, trail)
        restored = self._links_kept(english, moved)
        for index, (element, where) in enumerate(self.slots):
            raw = self.raws[index]
            lead, trail = spacing.get(index, (None, None))
            lead = (" " if raw[:1].isspace() else "") if lead is None else lead
            trail = (" " if raw[-1:].isspace() else "") if trail is None else trail
            text = " ".join(english[index])
            if index in untouched:  # as it was, but for hyphenation hints (as the model)
                setattr(element, where, raw.replace(SOFT_HYPHEN, ""))
                continue
            if index in restored:
                setattr(element, where, raw)
                continue
            # A slot whose words went into a sentence placed elsewhere keeps one space, if
            # it had one, so that the words around it stay apart.
            setattr(element, where, lead + text + trail if text else (lead or trail))
        self._drop_emptied(moved)

    def _wrapped(self, item: Placed) -> tuple[list[tuple[int, str]], set[int], set[int]] | None:
        """A sentence crossing inline elements some of whose words (all the words of the
        element, its bold or icon inside included) the English keeps verbatim, in their
        order: the English before the first such element and after each one, as (slot,
        text); the slots inside those elements (they stay as they are); and the other
        inline elements' text slots, whose words are in the pieces. None when no element
        is kept; a link not kept keeps its own text after the English."""
        over = self._overlapping(item)
        if not over:
            return None
        source = self.text[item.start : item.end]
        kept: list[tuple[int, int, int, int]] = []  # first slot, tail slot, English span
        tried: set[int] = set()  # text slots of elements with only text not kept
        links: set[int] = set()  # slots of links not kept: never a receiver of English
        position, index = 0, over[0]
        while index <= over[-1]:
            tail = self._tails.get(index)
            if tail is None:
                index += 1
                continue
            segment = self.text[self.spans[index][0] : self.spans[tail - 1][1]]
            words = segment.strip()
            where = self.spans[index][0] + len(segment) - len(segment.lstrip())
            if not words or where < item.start or where + len(words) > item.end:
                index += 1
                continue
            pattern = _words_pattern(self.text, where, words)
            found = [m.start() for m in pattern.finditer(item.english)]
            # The element's occurrence of its words in the source, matched to the same
            # occurrence in the English when both have them as often ("<b>Jakarta</b> -
            # Banjir di Jakarta Timur"): the English keeps them, in their order.
            mine = [m.start() + item.start for m in pattern.finditer(source)]
            at = found[mine.index(where)] if where in mine and len(found) == len(mine) else -1
            if at >= position:
                position = at + len(words)
                kept.append((index, tail, at, position))
                index = tail
                continue
            if self._link(index):
                # Its text stays after the English (_links_kept), a dateline its bold.
                links.update(range(index, tail))
                index = tail
                continue
            if tail == index + 1:
                tried.add(index)
            index += 1  # the elements inside it may keep their words
        if not kept or (links and min(links) < kept[-1][0]):
            return None  # the link's own text would come amid the English
        inside = {i for first, tail, _, _ in kept for i in range(first, tail)}
        plain = [i for i in over if i not in inside and i not in tried and i not in links]
        bounds = [first for first, _, _, _ in kept] + [len(self.slots)]
        # The English around the kept elements goes into the text nodes it was in: the
        # first before the first element and after each one, outside every inline element
        # if one is (else in the wrapper: "<span>Baca <b>ini</b></span>"), else the
        # element's tail ("<b>JAKARTA</b>, ..." begins the sentence). The other text nodes
        # the sentence crosses are emptied: their words are in the pieces.
        before = self._receiver(plain, -1, bounds[0], bounds[0] - 1)
        pieces = [(before, item.english[: kept[0][2]])]
        for number, (_, tail, _, end) in enumerate(kept):
            after = self._receiver(plain, tail - 1, bounds[number + 1], tail)
            following = kept[number + 1][2] if number + 1 < len(kept) else len(item.english)
            pieces.append((after, item.english[end:following]))
        emptied = {i for i in over if self._inline_text(i) and i not in inside}
        return pieces, inside, emptied

    def _link_holding(self, item: Placed) -> tuple[int, int] | None:
        """The link (text and tail slots) holding most of a sentence crossing it — half
        its characters or more, or all but a short label ("Baca juga: <a>...</a>") — whose
        words the English changed: its text after the sentence would repeat the sentence."""
        for index in self._overlapping(item):
            tail = self._tails.get(index)
            if tail is None or not self._link(index):
                continue
            start = max(self.spans[index][0], item.start)
            end = min(self.spans[tail - 1][1], item.end)
            words = self.text[start:end].strip()
            if not words:
                continue
            where = start + self.text[start:end].index(words)
            if _words_pattern(self.text, where, words).search(item.english):
                return None  # the link wraps its own words in the English
            label = self.text[item.start : where].strip()
            rest = self.text[where + len(words) : item.end].strip()
            labelled = label.endswith(LABEL_MARKS) and len(label.split()) <= 3
            if 2 * len(words) >= item.end - item.start or (labelled and not rest.strip(".,;:!?")):
                return index, tail
        return None

    def _into_link(
        self,
        item: Placed,
        link: int,
        tail: int,
        english: list[list[str]],
        spacing: dict[int, tuple[str | None, str | None]],
        moved: set[int],
    ) -> Placed | None:
        """Put the English inside the link holding most of the sentence, and empty the
        rest of the sentence's text; the label's English ("Read also:"), when the English
        marks it off as the source does, is returned to be placed in the label's text."""
        over = self._overlapping(item)
        words = [i for i in over if i < link and self.text[slice(*self.spans[i])].strip()]
        label = self.text[item.start : self.spans[link][0]].strip()
        outside = any(not self._in_link(i) for i in words)
        cut = _label_end(label, item.english) if outside else 0
        english[link].append(item.english[cut:].strip())
        spacing[link] = ("", " " if self.raws[tail - 1][-1:].isspace() else "")
        for index in over:  # the rest of the link's own text goes, its spaces too
            if link < index < tail:
                spacing[index] = ("", "")
        moved.update(i for i in over if self._inline_text(i) and i != link and not english[i])
        start = item.start + self.text[item.start :].index(label)
        return Placed(None, item.english[:cut].strip(), start, start + len(label)) if cut else None

    def _receiver(self, plain: Sequence[int], low: int, high: int, default: int) -> int:
        """The text node between slots ``low`` and ``high`` that takes English: the first
        outside every inline element, else the first, else ``default``."""
        between = [i for i in plain if low < i < high]
        return next((i for i in between if self.level[i]), between[0] if between else default)

    def _links_kept(self, english: Sequence[Sequence[str]], moved: set[int]) -> set[int]:
        """The slots of each link whose words all went into a sentence placed elsewhere:
        the link keeps its own text (with its bold, its icon), so that a link is never
        lost, as Markdown copies it after the sentence."""
        block = self.slots[0][0]
        inside: dict[int, list[int]] = {}  # a link's slots, by id(link)
        for index, (element, where) in enumerate(self.slots):
            node = element if where == "text" else element.getparent()
            while node is not None and node is not block:
                if isinstance(node.tag, str) and node.tag.lower() == "a":
                    inside.setdefault(id(node), []).append(index)
                    break
                node = node.getparent()
        restored: set[int] = set()
        for slots in inside.values():
            if moved.intersection(slots) and not any(english[i] for i in slots):
                restored.update(slots)
        return restored

    def _drop_emptied(self, moved: set[int]) -> None:
        """Drop the inline elements whose words all went into a sentence placed elsewhere
        (and their inline ancestors in the block left empty by it), innermost first; the
        text around them is joined as it was."""
        position = {id(e): i for i, (e, where) in enumerate(self.slots) if where == "text"}
        emptied: dict[int, Any] = {}
        block = self.slots[0][0]
        for index in moved:
            element = self.slots[index][0]
            while element is not None and element is not block and id(element) in position:
                emptied[position[id(element)]] = element
                element = element.getparent()
        for _, element in sorted(emptied.items(), reverse=True):
            if _tag(element) in KEPT_EMPTY or element.get("id") is not None or len(element):
                continue
            if not (element.text or "").strip():
                element.drop_tag()

    def _overlapping(self, item: Placed) -> list[int]:
        return [
            i for i, (s, e) in enumerate(self.spans) if s < e and s < item.end and item.start < e
        ]

    def _inline_text(self, index: int) -> bool:
        """Whether a slot is the text of an inline element (not of the block itself)."""
        element, where = self.slots[index]
        return where == "text" and element is not self.slots[0][0]

    def _link(self, index: int) -> bool:
        return self._inline_text(index) and _tag(self.slots[index][0]) == "a"

    def _slot_of(self, item: Placed) -> int:
        """The text node a crossing sentence goes into whole: the one holding most of its
        text (as a .docx sentence takes its dominant run's formatting: an italic quote
        stays italic, a dateline's sentence goes outside the bold), the first of equals;
        when it crosses a link, the first outside it, so that the link follows."""
        if item.slot is not None:
            return item.slot
        overlapping = self._overlapping(item)
        if not overlapping:
            return 0
        if any(self._in_link(i) for i in overlapping):
            # Before the link, which keeps its own text after the sentence (as Markdown).
            level = [i for i in overlapping if self.level[i] and not self._in_link(i)]
            return (level or [i for i in overlapping if not self._in_link(i)] or [0])[0]
        outside = overlapping

        def share(index: int) -> tuple[int, int]:
            start, end = self.spans[index]
            return min(end, item.end) - max(start, item.start), -index

        return max(outside, key=share)

    def _in_link(self, index: int) -> bool:
        element, where = self.slots[index]
        node = element if where == "text" else element.getparent()
        block = self.slots[0][0]
        while node is not None and node is not block:
            if _tag(node) == "a":
                return True
            node = node.getparent()
        return False


def _label_end(label: str, english: str) -> int:
    """Where the English of a sentence made of ``label`` and a link begins the link's
    part: after the label's closing mark ("Baca juga:" -> "Read also:"), 0 when the
    English has no such mark before the link's words."""
    if not label.endswith(LABEL_MARKS):
        return 0
    mark = re.escape(label[-1])
    space = r"\s" if label[-1] in "-\u2013\u2014" else ""  # not "rata-rata"
    found = re.search(space + mark + r"\s*", english)
    if found is None or found.end() >= len(english) or found.start() > 2 * len(label) + 10:
        return 0
    return found.end()


def _words_pattern(text: str, where: int, words: str) -> re.Pattern[str]:
    """``words`` as whole words where they are whole words at ``where`` in ``text`` (so
    that "in" is not found in "into"); an element without a space around it in the source
    ("21:22<b>Frances</b>") is looked for without that boundary."""
    before = text[where - 1 : where]
    after = text[where + len(words) : where + len(words) + 1]
    lead = "" if before and (before[-1].isalnum() or before == "_") else r"(?<!\w)"
    trail = "" if after and (after.isalnum() or after == "_") else r"(?!\w)"
    return re.compile(lead + re.escape(words) + trail)


def _tag(element: Any) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""
