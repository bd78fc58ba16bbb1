"""News furniture: which sentences of an article are not its story.

A news page mixes the story with furniture: the headline (often printed twice), the
dateline that opens the first sentence ("BRUSSELS, KOMPAS.com –"), bylines, photo
captions and credits, "Baca juga:" links, "Bagikan:" share bars and the outlet's
self-promotion ("Ikuti terus update terkini … di Aplikasi Kompas.com"). kabar keeps and
translates all of it, but marks it: the UI dims it, the renderings label it, and the
brief never chooses it.

Pure functions over the source text (Indonesian first; the English forms that news sites
use are covered too, so an English article gets the same treatment). No model, no numpy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

BODY = "body"
HEADLINE = "headline"
DATELINE = "dateline"
BYLINE = "byline"
CAPTION = "caption"
READ_ALSO = "read_also"
SHARE = "share"
PROMO = "promo"
ROLES = (BODY, HEADLINE, DATELINE, BYLINE, CAPTION, READ_ALSO, SHARE, PROMO)
FURNITURE = frozenset(ROLES) - {BODY}
# How kabar's plain-text renderings mark a furniture sentence ("[caption] Photo: AFP"), so
# that a marked translation read back (`kabar translate … | kabar summarize -`) keeps them.
_MARK_NAMES = "|".join(sorted(FURNITURE))
_MARK = re.compile(rf"\[({_MARK_NAMES})\] ")
# Where a marked sentence begins inside a line: kabar joins a paragraph's sentences with a
# space, and the sentence before a mark may lack its final stop (a caption, a headline, a
# translation without one), so any space before a mark is a boundary. Prose that writes
# "[promo] " mid-sentence would be cut there; brackets around a role name are kabar's.
MARK_START = re.compile(rf"\s+(?=\[(?:{_MARK_NAMES})\] )")

ROLE_DESCRIPTIONS = {
    HEADLINE: "headline or subheading",
    DATELINE: "dateline (place and outlet before the story)",
    BYLINE: "byline or author/editor credit",
    CAPTION: "photo caption or credit",
    READ_ALSO: "link to another article (“Baca juga”)",
    SHARE: "share buttons",
    PROMO: "the outlet's self-promotion",
}

_FINAL = ".!?…"
_CLOSERS = "\"'”’»)]"
_WORDS_OF_A_HEADLINE = 25  # longer unpunctuated lines are body text missing its period
_WORDS_OF_A_CAPTION = 25
_DATELINE_WORDS = 7
_DATELINE_REACH = 3
# A dateline that is surely one: a place in capitals, or a place and an outlet ("Jakarta,
# CNN Indonesia –", "LONDON (Reuters) –"); a bare title-case word ("Karl - Heinz") is not.
CLEAR_DATELINE = re.compile(r"\b[A-Z]{3,}\b|[,(]")

# "- -" is how tokenized corpora (IndoSum) print "--".
_DASH = r"(?:-\s-|--|-|–|—|―)"
_DATELINE = re.compile(rf"^(?P<prefix>\S.{{0,80}}?)\s*{_DASH}+\s*(?P<rest>.*)$", re.DOTALL)
# Outlets seen in datelines; a dotted name ("Sinata.id", "JUARA.NET") counts as one too.
_OUTLETS = frozenset(
    """antara antaranews afp ap bbc bernama bisnis bloomberg cnn cnbc detik detikcom
    idn inews jpnn juara kompas kontan katadata kumparan liputan6 merdeka okezone pos
    republika reuters rimanews sindonews sinata sputnik suara tass tempo tribun
    tribunnews viva vivanews xinhua anadolu""".split()
)
_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|co\.id|id|net|co|tv|org|news)\b", re.IGNORECASE)

_SHARE = re.compile(
    r"^(?:bagikan|share|sebarkan|bagikan artikel ini|share this(?: article| story)?)\s*:?\s*"
    r"(?:(?:facebook|twitter|whatsapp|telegram|line|linkedin|email|x)[\s,]*)*$",
    re.IGNORECASE,
)
_READ_ALSO = re.compile(
    r"^[\[(]?\s*(?:(?:baca|simak|lihat|tonton|saksikan)"
    r"(?:\s+(?:juga|pula|selengkapnya|lainnya|berita lainnya|artikel lainnya))?"
    r"|read (?:also|more)|see also|related(?: articles?| stories)?)\s*(?::|-|–|—)"
    # the title of an embedded video: 'Simak Video "Banjir Rendam Jakarta":'
    r"|^(?:simak|tonton|saksikan)\s+(?:juga\s+)?video\b",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?:(?i:penulis|editor|reporter|pewarta|penerjemah|kontributor|fotografer|redaktur|"
    r"penyunting|sumber|written by|reporting by|edited by)\s*:"
    r"|(?:Oleh|OLEH|By|BY|Laporan [Ww]artawan)\s*:?\s+(?:\.\s+)?[A-Z])"
)
# "(ant/xyz)", "( mdk / tsr )", "(*)", "(nvl)": the editors' initials closing a story.
# Letters only: "(4/12/2025)" closing a lead sentence is its date, not initials.
_INITIAL = r"(?:[^\W\d_]{1,10}|\*)"
# merdeka writes them in square brackets: "[rzp]".
_INITIALS_GROUP = (
    rf"(?:\(\s*{_INITIAL}(?:\s*/\s*{_INITIAL})*\s*\)"
    rf"|\[\s*{_INITIAL}(?:\s*/\s*{_INITIAL})*\s*\])"
)
_INITIALS = re.compile(rf"^{_INITIALS_GROUP}\s*\.?$")
_CAPTION_LABEL = re.compile(
    r"^[\[(]?\s*(?:foto|photo|image|gambar|ilustrasi|foto ilustrasi|sumber foto|"
    r"sumber gambar|kredit foto|credit|video|infografis)\s*:",
    re.IGNORECASE,
)
# A picture credit closing a line: "(Wikimedia Commons/Mueller MSC)", "(ANTARA FOTO/…)";
# not a date "( 8 / 9 / 2017 )" nor the editors' initials "( bola / pra )".
_CREDIT = re.compile(
    r"\(\s*(?:[^()/]*[A-Z][\w.]{2,}[^()/]*(?:/[^()/]+)+|[^()]*\b(?i:foto|photo|dok|"
    r"dokumentasi|istimewa|getty|shutterstock|commons)\b[^()]*)\)$"
)
_TRAILING_INITIALS = re.compile(rf"\s*{_INITIALS_GROUP}\s*\.?$")
# Alone only: Daily Mail glues it to the caption and the story that follow.
_SCROLL = re.compile(r"^scroll down for (?:video|more)\W*$", re.IGNORECASE)
# An ad slot's label, alone on its line ("ADVERTISEMENT" above detik's ads): not the
# story, and not a headline though it is short and unpunctuated.
_AD_LABEL = re.compile(
    r"^(?:advertisements?|advertorial|iklan|ads?|sponsored(?: content)?"
    r"|konten (?:bersponsor|sponsor|berbayar)|scroll to continue(?: with content| reading)?"
    r"|continue reading(?: below)?|(?:scroll|gulir) (?:ke bawah )?untuk (?:melanjutkan|lanjut)"
    r"(?: membaca)?|lanjutkan membaca"
    # detik's placeholder of a video embed: "[Gambas:Video 20detik]"
    r"|\[gambas:[^\]]*\])\W*$",
    re.IGNORECASE,
)
# A site's copyright notice ("COPYRIGHT © ANTARA 2025", "© 2025 Kompas.com. All rights
# reserved."): the page's footer, even when an extractor keeps it under the article.
# The sign or a year must follow: "Hak cipta lagu itu ..." is a story's sentence.
_COPYRIGHT = re.compile(
    r"^(?:(?:copyright|hak cipta)\s*(?:©|\(c\)|@|\d{4})|©|\(c\)\s*\d{4})"
    r"|\b(?:all rights reserved|hak cipta dilindungi)",
    re.IGNORECASE,
)
_WORDS_OF_A_NOTICE = 20
_WORDS_OF_A_BANNER = 40  # a banner is a few lines; an article about cookies is longer
# Left out of a page's reading only when it is about cookies, privacy, notifications or
# comments: "Dengan melanjutkan pembangunan, DPR menyetujui ..." matches the banner pattern
# (and is kept from briefs as promo) but is not dropped; so is a subscription offer.
_CHROME_TOPIC = re.compile(
    r"\b(?:cookies?|kuki|privasi|privacy|notifikasi|notifications?|komentar|berkomentar|"
    r"comment)\b",
    re.IGNORECASE,
)
# Outlet self-promotion: an app/download or follow call, or the outlet praising itself.
_PROMO_CALL = re.compile(
    r"^(?:download|unduh|klik|tap|install|instal)\s+(?:di\s+)?(?:sini|aplikasi|sekarang)\b",
    re.IGNORECASE,
)
_PROMO_WORDS = re.compile(
    r"\b(?:berkomitmen|ikuti|unduh|download|notifikasi|berlangganan|gabung|bergabung|"
    r"follow|subscribe|dapatkan|newsletter)\b",
    re.IGNORECASE,
)
# A consent, cookie, subscription or notification banner saved with the page.
_BANNER = re.compile(
    r"\b(?:(?:kami|situs ini|website ini|laman ini|we|this (?:site|website)"
    r"|[\w-]+\.(?:com|co\.id|id|net))\s+"
    r"(?:menggunakan|memakai|use|uses)\s+(?:cookie|kuki)"
    r"|(?:dengan|by)\s+(?:melanjutkan|terus menggunakan|continuing)\b.{0,80}?"
    r"\b(?:menyetujui|setuju|agree|accept|consent)"
    r"|(?:accept|terima|izinkan)\s+(?:all\s+|semua\s+)?(?:cookies?|kuki)"
    r"|kebijakan (?:cookie|kuki)|cookie (?:policy|settings)"
    r"|aktifkan notifikasi|berlangganan\b.{0,60}?\b(?:per bulan|/bulan|mulai rp)"
    r"|subscribe (?:now|to (?:read|continue))|scroll to continue with content"
    # a browser-notification prompt, a comment box's invitation
    r"|(?:klik|tekan|pilih)\s+(?:izinkan|allow)\b|izinkan notifikasi"
    r"|(?:^|ingin\s+)(?:men)?dapatkan notifikasi|(?:allow|turn on) notifications"
    r"|^(?:tulis|kirim)(?:kan)? komentar|masuk untuk berkomentar|(?:log ?in|sign in) to comment)",
    re.IGNORECASE,
)
# A call to act anywhere in the line: "…, daftar sekarang dengan klik disini".
_PROMO_ANYWHERE = re.compile(
    r"\b(?:daftar sekarang|klik di ?sini|click here|sign up now)\b", re.IGNORECASE
)
# "Yuk koleksi buku … dari Republika": "yuk" (come on) opens an appeal to the reader.
_PROMO_APPEAL = re.compile(
    r"^(?:yuk|ayo)\b.*\b(?:koleksi|beli|pesan|dapatkan|daftar|klik|kunjungi)\b", re.IGNORECASE
)
_PROMO_CHANNELS = re.compile(
    r"\b(?:ikuti|follow|gabung|bergabung|subscribe|berlangganan|dapatkan|unduh|download"
    r"|simak|pilih)\b"
    r".{0,80}\b(?:google news|telegram|whatsapp|aplikasi|notifikasi|channel|saluran|"
    r"newsletter|app store|google play|play store|youtube|instagram|tiktok|ponselmu|gawaimu)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SentenceRole:
    """A sentence's role, and for a body sentence the dateline that opens it.

    dateline: the sentence's leading dateline ("BRUSSELS, KOMPAS.com –"), "" when none.
        Left out of a brief line's text, never out of the translation.
    """

    role: str
    dateline: str = ""

    @property
    def is_furniture(self) -> bool:
        return self.role in FURNITURE


def dateline_length(text: str) -> int:
    """Characters of ``text`` taken by a leading dateline and the space after it; 0 if none.

    A dateline is a short place/outlet prefix closed by a dash and followed by a capital
    (or a quote): "BRUSSELS, KOMPAS.com – Presiden…", "Jakarta , CNN Indonesia - - …",
    "JAKARTA (Pos Kota) –Ketua…", "LONDON (Reuters) - …". Title-case words alone are a
    dateline only when alone ("Jakarta - …"), so "Sekjen NATO Bakal Gelar Pertemuan
    Rusia - Dewan NATO" (a headline) is not one. Works on English translations too: place
    and outlet names survive translation.
    """
    match = _DATELINE.match(text)
    if match is None:
        return 0
    rest = match.group("rest")
    if rest and not (rest[0].isupper() or rest[0] in "\"'“‘("):
        return 0
    if not _is_dateline_prefix(match.group("prefix")):
        return 0
    return len(text) - len(rest)


def strip_dateline(text: str) -> str:
    """``text`` without its leading dateline (unchanged when it has none)."""
    cut = dateline_length(text)
    return text[cut:] if cut and cut < len(text) else text


def _is_dateline_prefix(prefix: str) -> bool:
    words = re.findall(r"[^\s,()]+", prefix)
    if not words or len(words) > _DATELINE_WORDS:
        return False
    if any(not (w[0].isupper() or w[0].isdigit()) for w in words):
        return False
    outlet = any("." in w.strip(".") or w.lower().strip(".") in _OUTLETS for w in words) or bool(
        _DOMAIN.search(prefix)
    )
    if outlet or "(" in prefix or "," in prefix:
        return True
    letters = [c for c in prefix if c.isalpha()]
    shouting = len(letters) >= 3 and all(c.isupper() for c in letters)
    return shouting or len(words) == 1


def mark(role: str) -> str:
    """The plain-text mark that opens a sentence of ``role`` ("" for body text)."""
    return "" if role == BODY else f"[{role}] "


def opens_with_mark(text: str) -> bool:
    """Whether ``text`` begins (after spaces) with a furniture mark of kabar's text output."""
    return _MARK.match(text.lstrip()) is not None


def strip_mark(text: str) -> str:
    """``text`` without the furniture mark that opens it (unchanged when it has none)."""
    marked = _MARK.match(text)
    return text[marked.end() :] if marked else text


def sentence_role(text: str) -> str:
    """The role of one sentence judged on its own text (``sentence_roles`` also uses the
    sentence's place in the article: headlines, captions' first parts, repeats)."""
    line = " ".join(text.split())
    if not line:
        return BODY
    marked = _MARK.match(line)
    if marked:
        return marked.group(1)
    if _SHARE.match(line):
        return SHARE
    if _READ_ALSO.match(line):
        return READ_ALSO
    if _INITIALS.match(line) or (_BYLINE.match(line) and len(line.split()) <= 12):
        return BYLINE
    if _CAPTION_LABEL.match(line) or _SCROLL.match(line):
        return CAPTION
    if len(line.split()) <= _WORDS_OF_A_CAPTION and _CREDIT.search(line):
        return CAPTION
    if _is_promo(line):
        return PROMO
    if dateline_length(line) >= len(line):
        return DATELINE
    return BODY


def is_page_chrome(text: str) -> bool:
    """Whether a line of a web page is an ad slot's label, the site's copyright notice or a
    consent, notification or comment banner: page furniture that reading a page's article
    leaves out (in a text it is ``promo``)."""
    line = " ".join(text.split())
    if _AD_LABEL.match(line):
        return True
    if (
        _BANNER.search(line)
        and _CHROME_TOPIC.search(line)
        and len(line.split()) <= _WORDS_OF_A_BANNER
    ):
        return True
    return bool(_COPYRIGHT.search(line)) and len(line.split()) <= _WORDS_OF_A_NOTICE


def _is_promo(line: str) -> bool:
    if is_page_chrome(line):
        return True
    line = strip_dateline(line)  # "Merdeka.com -" opens a story, it does not advertise
    if _PROMO_CALL.match(line) or _PROMO_CHANNELS.search(line) or _BANNER.search(line):
        return True
    if _PROMO_ANYWHERE.search(line) or _PROMO_APPEAL.match(line):
        return True
    return bool(_DOMAIN.search(line) and _PROMO_WORDS.search(line))


def sentence_roles(
    sentences: Sequence[str], *, paragraphs: Sequence[int] | None = None
) -> tuple[SentenceRole, ...]:
    """One ``SentenceRole`` per sentence of an article (given in order).

    paragraphs: each sentence's paragraph number, when known (it lets a one-line
        paragraph without final punctuation count as a headline anywhere, and the short
        first part of a captioned line count as caption). Without it every sentence is
        taken as its own paragraph.
    The first of the first three body sentences that opens with a dateline gets it.
    """
    count = len(sentences)
    lines = [" ".join(s.split()) for s in sentences]
    groups = list(paragraphs) if paragraphs is not None else list(range(count))
    if len(groups) != count:
        raise ValueError("paragraphs must give one paragraph number per sentence")
    roles = [sentence_role(line) for line in lines]
    alone = [
        (i == 0 or groups[i - 1] != groups[i]) and (i == count - 1 or groups[i + 1] != groups[i])
        for i in range(count)
    ]
    seen_body = False
    headlines: set[str] = set()
    for index, line in enumerate(lines):
        if roles[index] != BODY or not line:
            continue
        words = len(line.split())
        bare = _TRAILING_INITIALS.sub("", line) if _INITIALS.search(line) is None else line
        unpunctuated = not bare.rstrip(_CLOSERS).endswith(tuple(_FINAL))
        repeat = line.casefold() in headlines
        if repeat or (
            unpunctuated and words <= _WORDS_OF_A_HEADLINE and (alone[index] or not seen_body)
        ):
            roles[index] = HEADLINE
            headlines.add(line.casefold())
            continue
        seen_body = True
    # A banner's other sentences ("Kami menggunakan cookie …. Baca Kebijakan Privasi kami
    # untuk informasi lebih lanjut.") are the banner too: its paragraph is short.
    for group in {groups[i] for i in range(count) if _BANNER.search(lines[i])}:
        members = [j for j in range(count) if groups[j] == group]
        if sum(len(lines[j].split()) for j in members) <= _WORDS_OF_A_BANNER:
            for j in members:
                if roles[j] in (BODY, HEADLINE):
                    roles[j] = PROMO
    # The short first part of a captioned paragraph ("Sekjen NATO Jens Stoltenberg." then
    # "(Wikimedia Commons/Mueller MSC)") is caption too.
    for index in range(count - 1, 0, -1):
        if roles[index] == CAPTION and groups[index - 1] == groups[index]:
            paragraph_words = sum(
                len(lines[j].split()) for j in range(count) if groups[j] == groups[index]
            )
            if roles[index - 1] == BODY and paragraph_words <= _WORDS_OF_A_CAPTION:
                roles[index - 1] = CAPTION
    result = [SentenceRole(role) for role in roles]
    # The story's first dateline, in one of its first body sentences: a caption the rules
    # cannot tell (a whole page's photo text) may come before the lead.
    opening = [i for i, role in enumerate(roles) if role == BODY][:_DATELINE_REACH]
    for index in opening:
        cut = dateline_length(lines[index])
        # Past the first body sentence only a clear dateline counts: a place in capitals or
        # with its outlet ("Jakarta, VIVA –"), not a tokenized "Karl - Heinz".
        if cut and index != opening[0] and not CLEAR_DATELINE.search(lines[index][:cut]):
            continue
        if cut:
            result[index] = SentenceRole(BODY, lines[index][:cut].strip())
            break
    return tuple(result)
