"""Documents back in their own format (issue 23): a newsroom .docx, a saved news page and a
README-like .md are translated and read back with python-docx, lxml and markdown-it-py;
the structure must equal the input's, and every source sentence must be in the output
exactly once, translated. The engine is a test double that tags each sentence ``EN`` (so
every sentence can be followed to its place); the CLI test runs the tiny random model."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import docx
import lxml.html
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from markdown_it import MarkdownIt

from kabar.core.errors import InputError
from kabar.core.splitter import segment
from kabar.translate.documents.docx import W
from kabar.translate.documents.html import INLINE, SlotBlock, body_blocks
from kabar.translate.documents.html_inline import KEPT_EMPTY
from kabar.translate.documents.single import translate_document
from kabar.translate.documents.structured import place
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from tests.conftest import run_cli, tiny_engine_args
from tests.test_translate_dir_job import EchoBackend

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
V_NS = "urn:schemas-microsoft-com:vml"


def _echo() -> Translator:
    return Translator(EchoBackend(), TranslationOptions(beam_size=1))


def _placed(page: str, english: list[tuple[str, str]]) -> Any:
    """``page``'s first block with each source sentence's English placed in it."""
    root = lxml.html.fromstring(page)
    block = next(b for b in body_blocks(root) if isinstance(b, SlotBlock))
    spans = [block.text.index(source) for source, _ in english]
    sentences = [(s, s + len(source), en) for s, (source, en) in zip(spans, english, strict=True)]
    block.put(place(block.spans, sentences, join_crossing=block.join_crossing))
    return root


def _english(text: str) -> str:
    """What the test double makes of a block: each sentence tagged ``EN``."""
    text = " ".join(text.split())
    return " ".join(f"EN {text[s.start : s.end]}" for p in segment(text) for s in p.sentences)


# --- .docx ---------------------------------------------------------------------------


def newsroom_docx(path: Path) -> Path:
    """A newsroom's Word file: styles, a justified paragraph with a bold sentence and an
    italic word, a numbered list, a table with a nested table, a header, a footer, a
    hyperlink, a text box and a footnote."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Harian Kabar. Edisi pagi."
    document.sections[0].footer.paragraphs[0].text = "Hak cipta dilindungi undang-undang."
    document.add_heading("Presiden bertemu menteri di Jakarta", level=1)
    paragraph = document.add_paragraph("Paragraf pertama berita ini. ")
    paragraph.add_run("Kalimat ini tebal sepenuhnya.").bold = True
    paragraph.add_run(" Kalimat ketiga punya kata ")
    paragraph.add_run("miring").italic = True
    paragraph.add_run(" di tengah.")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    document.add_paragraph("Butir pertama daftar.", style="List Number")
    document.add_paragraph("Butir kedua daftar.", style="List Number")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Kota"
    table.cell(0, 1).text = "Jumlah korban"
    table.cell(1, 0).text = "Bandung"
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Tabel bersarang di sini."
    rid = document.part.relate_to("https://kabar.example/berita", RT.HYPERLINK, is_external=True)
    linked = document.add_paragraph("Baca laporan lengkap. ")
    linked._p.append(
        parse_xml(
            f'<w:hyperlink xmlns:w="{W_NS}" xmlns:r="{R_NS}" r:id="{rid}"><w:r><w:rPr>'
            '<w:u w:val="single"/></w:rPr><w:t>Laporan ada di situs kami.</w:t></w:r>'
            "</w:hyperlink>"
        )
    )
    boxed = document.add_paragraph("Foto di samping.")
    boxed._p.append(
        parse_xml(
            f'<w:r xmlns:w="{W_NS}" xmlns:v="{V_NS}"><w:pict><v:shape><v:textbox>'
            "<w:txbxContent><w:p><w:r><w:t>Teks dalam kotak.</w:t></w:r></w:p>"
            "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
        )
    )
    noted = document.add_paragraph("Sumber berita resmi.")
    noted._p.append(parse_xml(f'<w:r xmlns:w="{W_NS}"><w:footnoteReference w:id="1"/></w:r>'))
    notes = (
        f'<w:footnotes xmlns:w="{W_NS}"><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
        '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
        "<w:t>Catatan kaki tentang sumber.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    part = Part(
        PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, notes.encode(), document.part.package
    )
    document.part.relate_to(part, RT.FOOTNOTES)
    document.save(str(path))
    return path


def _paragraphs(path: Path) -> list[tuple[str, Any, str, str]]:
    """Every ``w:p`` of every story (body, header, footer, footnotes): its style, alignment,
    its ``w:pPr`` XML without language, and its text."""
    import zipfile

    from lxml import etree

    out = []
    with zipfile.ZipFile(path) as package:
        for name in sorted(package.namelist()):
            if not re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", name):
                continue
            root = etree.fromstring(package.read(name))
            for p in root.iter(f"{W}p"):
                ppr = p.find(f"{W}pPr")
                xml = "" if ppr is None else etree.tostring(ppr).decode()
                text = "".join(t.text or "" for t in p.iter(f"{W}t") if _own(t, p))
                out.append((name, len(list(p.iterancestors())), xml, text))
    return out


def _own(node: Any, paragraph: Any) -> bool:
    """Whether a text node belongs to ``paragraph`` itself, not to a text box in it."""
    return next(a for a in node.iterancestors() if a.tag == f"{W}p") is paragraph


def test_a_newsroom_docx_comes_back_as_the_same_document_in_english(tmp_path: Path) -> None:
    source = newsroom_docx(tmp_path / "berita.docx")
    output = tmp_path / "berita.en.docx"
    document = translate_document(_echo(), source, output, fmt="docx")
    before, after = _paragraphs(source), _paragraphs(output)
    assert len(after) == len(before)
    for (name, depth, ppr, text), (name2, depth2, ppr2, text2) in zip(before, after, strict=True):
        assert (name2, depth2, ppr2) == (name, depth, ppr)  # style, numbering, alignment
        assert text2 == _english(text), (name, text)  # every sentence once, in order
    translated = docx.Document(str(output))
    assert translated.core_properties.language == "en-US"
    heading, body = translated.paragraphs[0], translated.paragraphs[1]
    assert heading.style is not None and heading.style.name == "Heading 1"
    assert body.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    runs = [(r.text, r.bold, r.italic) for r in body.runs if r.text.strip()]
    # The bold sentence keeps its run; the sentence crossing the italic word does not.
    assert runs == [
        ("EN Paragraf pertama berita ini.", None, None),
        ("EN Kalimat ini tebal sepenuhnya.", True, None),
        ("EN Kalimat ketiga punya kata miring di tengah.", None, None),
    ]
    linked = next(p for p in translated.paragraphs if p.text.startswith("EN Baca"))
    link = linked._p.find(f"{W}hyperlink")
    assert link is not None
    assert "".join(t.text for t in link.iter(f"{W}t")) == "EN Laporan ada di situs kami."
    assert translated.tables[0].cell(1, 1).tables[0].cell(0, 0).text == (
        "EN Tabel bersarang di sini."
    )
    assert translated.sections[0].header.paragraphs[0].text == "EN Harian Kabar. EN Edisi pagi."
    assert document.tally.sentences == sum(
        len(p.sentences) for *_, text in before if text for p in segment(" ".join(text.split()))
    )


def test_a_docx_of_another_kind_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    source = tmp_path / "berita.txt"
    source.write_text("Presiden bertemu menteri.", encoding="utf-8")
    with pytest.raises(InputError, match="--format docx"):
        translate_document(_echo(), source, tmp_path / "out.docx", fmt="docx")
    assert not (tmp_path / "out.docx").exists()


# --- .html ---------------------------------------------------------------------------

NEWS_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="iso-8859-1"><title>Presiden bertemu menteri</title>
<script>var pesan = "Jangan diterjemahkan.";</script><style>p { color: #333 }</style></head>
<body><nav><a href="/">Beranda</a> <a href="/politik">Politik</a></nav>
<article><h1>Presiden bertemu <b>menteri</b> di Jakarta</h1>
<p class="lead">Paragraf pertama. <strong>Kalimat tebal sepenuhnya.</strong> Kalimat
ketiga <a href="https://kabar.example/a?b=1&amp;c=2">dengan tautan</a> di tengah.</p>
<figure><img src="presiden.jpg" alt="Foto presiden di istana"><figcaption>Presiden di
istana.</figcaption></figure>
<p>Jalankan <code>pip install kabar</code> dulu.</p>
<ul><li>Butir satu.</li><li>Butir <em title="penekanan">dua</em>.</li></ul>
<table><tr><td>Kota</td><td>Bandung</td></tr></table>
<p>Tulis &lt;script&gt;alert(1)&lt;/script&gt; sebagai teks.</p>
</article><footer>Hak cipta 2025</footer></body></html>
"""


def _structure(root: Any) -> list[tuple[str, dict[str, str]]]:
    """Every element and its attributes, except those translation changes."""
    changed = {"alt", "title", "lang", "charset"}
    return [
        (str(e.tag), {k: v for k, v in e.attrib.items() if k not in changed})
        for e in root.iter()
        if isinstance(e.tag, str)
    ]


def dropped_formatting(
    before: list[tuple[str, dict[str, str]]], after: list[tuple[str, dict[str, str]]]
) -> list[tuple[str, dict[str, str]]]:
    """The elements of ``before`` (a ``_structure``) missing from ``after``, which must be
    ``before`` but for them: only inline formatting a sentence crossed and whose words the
    English did not keep may be dropped (never a link, an element with an id, a block)."""
    dropped = []
    rest = iter(after)
    following = next(rest, None)
    for element in before:
        if element == following:
            following = next(rest, None)
            continue
        tag, attributes = element
        assert tag in INLINE and tag not in KEPT_EMPTY and "id" not in attributes, element
        assert tag not in ("br", "wbr", "img"), element
        dropped.append(element)
    assert following is None, f"{following} is not in the page before"
    return dropped


@pytest.mark.parametrize("declared", [False, True], ids=["html", "xhtml"])
def test_a_news_page_keeps_its_dom_and_gets_its_article_in_english(
    tmp_path: Path, declared: bool
) -> None:
    source = tmp_path / "halaman.html"
    declaration = '<?xml version="1.0" encoding="iso-8859-1"?>\n' if declared else ""
    source.write_bytes((declaration + NEWS_PAGE).encode("latin-1"))
    output = tmp_path / "halaman.en.html"
    translate_document(_echo(), source, output, fmt="html")
    before = lxml.html.document_fromstring(NEWS_PAGE)
    after = lxml.html.document_fromstring(output.read_text("utf-8"))
    assert _structure(after) == _structure(before)
    assert after.get("lang") == "en" and after.find(".//meta").get("charset") == "utf-8"
    assert after.findtext(".//title") == "EN Presiden bertemu menteri"
    for tag in ("script", "style", "code", "nav", "footer"):  # outside the article, or code
        assert after.find(f".//{tag}").text_content() == before.find(f".//{tag}").text_content()
    assert after.find(".//img").get("alt") == "EN Foto presiden di istana"
    assert after.find(".//em").get("title") == "EN penekanan"
    assert after.find(".//p/a").get("href") == "https://kabar.example/a?b=1&c=2"
    article = [" ".join(e.text_content().split()) for e in after.iterfind(".//article/*")]
    assert article[:2] == [
        "EN Presiden bertemu menteri di Jakarta",
        "EN Paragraf pertama. EN Kalimat tebal sepenuhnya. EN Kalimat ketiga dengan tautan di "
        "tengah.",
    ]
    assert after.find(".//strong").text == "EN Kalimat tebal sepenuhnya."
    # A translation is text, never markup: the page's own script count is unchanged.
    assert article[-1] == "EN Tulis <script>alert(1)</script> sebagai teks."
    assert len(after.findall(".//script")) == 1
    assert "<b>" not in after.findtext(".//h1") and "EN" not in (after.find(".//b").text or "")
    # The English keeps "menteri" and "dua" verbatim: their bold and emphasis wrap them.
    assert after.find(".//h1/b").text == "menteri" and after.find(".//li/em").text == "dua"
    # The link inside the third sentence wraps its own words in the English.
    assert after.find(".//p/a").text == "dengan tautan"


META_PAGE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Banjir rendam Jakarta</title>
<meta name="description" content="Banjir merendam 12 RT. Warga mengungsi ke masjid.">
<meta name="keywords" content="banjir, jakarta, pengungsi">
<meta property="og:title" content="Banjir rendam Jakarta Timur">
<meta property="og:description" content="Warga mengungsi ke masjid terdekat.">
<meta property="og:url" content="https://kabar.example/banjir?a=1&amp;b=2">
<meta property="og:image" content="https://kabar.example/foto banjir.jpg">
<meta property="og:site_name" content="Kabar Harian">
<meta property="og:locale" content="id_ID">
<meta name="twitter:title" content="Banjir rendam Jakarta Timur">
<meta name="Twitter:Description" content="Warga mengungsi.">
<meta name="twitter:card" content="summary_large_image">
</head><body><p>Banjir merendam dua belas RT di Jakarta Timur.</p></body></html>
"""
# What META_PAGE's translated <meta>s say in English, by name or property.
META_ENGLISH = {
    "description": "EN Banjir merendam 12 RT. EN Warga mengungsi ke masjid.",
    "og:title": "EN Banjir rendam Jakarta Timur",
    "og:description": "EN Warga mengungsi ke masjid terdekat.",
    "twitter:title": "EN Banjir rendam Jakarta Timur",
    "Twitter:Description": "EN Warga mengungsi.",
}


def test_a_pages_meta_title_and_description_are_translated_and_nothing_else(
    tmp_path: Path,
) -> None:
    source = tmp_path / "banjir.html"
    source.write_text(META_PAGE, "utf-8")
    output = tmp_path / "banjir.en.html"
    translate_document(_echo(), source, output, fmt="html")
    written = output.read_text("utf-8")
    after = lxml.html.document_fromstring(written)
    metas = after.findall(".//meta")
    assert len(metas) == META_PAGE.count("<meta")
    for meta in metas:
        key = meta.get("name") or meta.get("property")
        if key in META_ENGLISH:
            assert meta.get("content") == META_ENGLISH[key], key
    # Every other <meta> is written back byte for byte: URLs, image, locale, site name,
    # keywords, viewport, charset.
    for line in META_PAGE.splitlines():
        if line.startswith("<meta") and not any(f'"{key}"' in line for key in META_ENGLISH):
            assert line in written, line
    assert after.findtext(".//title") == "EN Banjir rendam Jakarta"
    assert after.findtext(".//p") == "EN Banjir merendam dua belas RT di Jakarta Timur."


@pytest.mark.parametrize(
    ("page", "english", "expected"),
    [
        (  # the English keeps the link's words: the link wraps them
            '<p>Menurut <a href="/bmkg">BMKG</a>, gempa terjadi. Kalimat dua.</p>',
            [(0, 31, "According to BMKG, the quake happened."), (32, 44, "Sentence two.")],
            '<p>According to <a href="/bmkg">BMKG</a>, the quake happened. Sentence two.</p>',
        ),
        (  # the words moved to the front: the spacing is the English's
            '<p>Menurut <a href="/bmkg">BMKG</a> gempa terjadi.</p>',
            [(0, 27, "BMKG said the quake happened.")],
            '<p> <a href="/bmkg">BMKG</a> said the quake happened.</p>',
        ),
        (  # the English does not keep them: the link keeps its own text, never emptied
            '<p>Gempa di <a href="/x">Pulau Jawa</a> terjadi.</p>',
            [(0, 28, "The quake in Java happened.")],
            '<p>The quake in Java happened. <a href="/x">Pulau Jawa</a> </p>',
        ),
        (  # a link holding formatting: kept whole, its italic too (it used to be emptied)
            '<p>Baca <a href="/x"><i>berita</i> lain</a> di sini.</p>',
            [(0, 25, "Read other news here.")],
            '<p>Read other news here. <a href="/x"><i>berita</i> lain</a> </p>',
        ),
    ],
)
def test_a_link_inside_a_sentence_is_never_lost(
    page: str, english: list[tuple[int, int, str]], expected: str
) -> None:
    root = lxml.html.fromstring(page)
    block = next(b for b in body_blocks(root) if isinstance(b, SlotBlock))
    block.put(place(block.spans, english, join_crossing=block.join_crossing))
    assert lxml.html.tostring(root, encoding="unicode") == expected


@pytest.mark.parametrize(
    ("page", "english", "expected"),
    [
        (  # a bold dateline the English keeps: still bold, the rest after it
            "<p><strong>JAKARTA</strong> - Presiden meninjau banjir.</p>",
            [
                (
                    "JAKARTA - Presiden meninjau banjir.",
                    "JAKARTA - The president inspected the flood.",
                )
            ],
            "<p><strong>JAKARTA</strong> - The president inspected the flood.</p>",
        ),
        (  # the dateline's word again later in the sentence: each occurrence in order
            "<p><strong>Jakarta</strong> - Banjir di Jakarta Timur.</p>",
            [("Jakarta - Banjir di Jakarta Timur.", "Jakarta - Floods in East Jakarta.")],
            "<p><strong>Jakarta</strong> - Floods in East Jakarta.</p>",
        ),
        (  # ... but not when the English has it another number of times
            "<p><strong>Jakarta</strong> - Banjir di Jakarta Timur.</p>",
            [("Jakarta - Banjir di Jakarta Timur.", "Floods in East Jakarta.")],
            "<p> Floods in East Jakarta.</p>",
        ),
        (  # kept in the middle, with a span inside: both wrap their words
            '<p>Warga <b>Bekasi</b> mengungsi <span class="n">12</span> hari.</p>',
            [("Warga Bekasi mengungsi 12 hari.", "Bekasi residents fled for 12 days.")],
            '<p> <b>Bekasi</b> residents fled for <span class="n">12</span> days.</p>',
        ),
        (  # an italic word not kept: the formatting goes, its words are in the English
            "<p>Warga <i>mengungsi</i> ke masjid.</p>",
            [("Warga mengungsi ke masjid.", "Residents fled to the mosque.")],
            "<p>  Residents fled to the mosque.</p>",
        ),
        (  # one kept, one not: the dateline stays bold, the italic goes
            "<p><b>BANDUNG</b>, Warga <em>mengungsi</em>. Kalimat dua.</p>",
            [
                ("BANDUNG, Warga mengungsi.", "BANDUNG, Residents fled."),
                ("Kalimat dua.", "Sentence two."),
            ],
            "<p><b>BANDUNG</b>, Residents fled. Sentence two.</p>",
        ),
        (  # nested formatting kept: the rest is outside both
            "<p><strong><em>SURABAYA</em></strong> - Hujan turun.</p>",
            [("SURABAYA - Hujan turun.", "SURABAYA - Rain fell.")],
            "<p><strong><em>SURABAYA</em></strong> - Rain fell.</p>",
        ),
        (  # no text outside the elements: the one holding most of the sentence takes it
            '<p><span class="a">Satu dua</span><span class="b">tiga.</span></p>',
            [("Satu duatiga.", "One two three.")],
            '<p><span class="a">One two three.</span></p>',
        ),
        (  # an italic quote, its marks outside: still italic (as .docx: the dominant run)
            '<p>"<i>Air mengalir. Dia diam.</i>"</p>',
            [('"Air mengalir.', '"Water flowed.'), ('Dia diam."', 'He was silent."')],
            '<p><i>"Water flowed. He was silent."</i></p>',
        ),
        (  # nested formatting not kept: both go; an anchor target (id) stays, empty
            '<p>Hujan <b><i>lebat</i></b> turun di <span id="x">kota</span>.</p>',
            [("Hujan lebat turun di kota.", "Heavy rain fell in the city.")],
            '<p>  Heavy rain fell in the city. <span id="x"></span></p>',
        ),
    ],
)
def test_bold_and_italic_inside_a_sentence_wrap_their_words_or_go_never_the_words(
    page: str, english: list[tuple[str, str]], expected: str
) -> None:
    root = _placed(page, english)
    assert lxml.html.tostring(root, encoding="unicode") == expected
    text = " ".join(root.text_content().split())
    # Every sentence exactly once, and nothing else: no word lost or doubled.
    assert text == " ".join(en for _, en in english)


def test_a_bold_dateline_keeps_its_bold_in_the_english_page(tmp_path: Path) -> None:
    source = tmp_path / "berita.html"
    source.write_text(
        "<p><strong>JAKARTA</strong> - Presiden meninjau lokasi banjir. Warga "
        "<i>mengungsi</i>.</p>",
        "utf-8",
    )
    output = tmp_path / "berita.en.html"
    translate_document(_echo(), source, output, fmt="html")
    assert output.read_text("utf-8") == (
        "<p>EN <strong>JAKARTA</strong> - Presiden meninjau lokasi banjir. "
        "EN Warga <i>mengungsi</i>.</p>"
    )


@pytest.mark.parametrize(
    ("page", "english", "expected"),
    [
        (  # a link that is all of its sentence but a label: the English goes inside it
            '<p><strong>Baca juga: <a href="#">Gelombang Tinggi, Kapal Penyeberangan '
            "Ditunda</a></strong></p>",
            [
                (
                    "Baca juga: Gelombang Tinggi, Kapal Penyeberangan Ditunda",
                    "Read also: High Waves, Ferry Crossings Delayed",
                )
            ],
            '<p><strong>Read also: <a href="#">High Waves, Ferry Crossings Delayed</a>'
            "</strong></p>",
        ),
        (  # the label bold on its own: it stays bold around the label's English
            '<p><b>Baca juga:</b> <a href="/x">Banjir <i>rob</i> rendam Pekalongan</a></p>',
            [
                (
                    "Baca juga: Banjir rob rendam Pekalongan",
                    "See also: Tidal floods submerge Pekalongan",
                )
            ],
            '<p><b>See also:</b> <a href="/x">Tidal floods submerge Pekalongan</a></p>',
        ),
        (  # the label after another sentence in the same text: both English there
            '<p>Hujan turun. Baca juga: <a href="/y">Banjir besar rendam Kota Bekasi</a></p>',
            [
                ("Hujan turun.", "It rained."),
                ("Baca juga: Banjir besar rendam Kota Bekasi", "Read also: Big floods hit Bekasi"),
            ],
            '<p>It rained. Read also: <a href="/y">Big floods hit Bekasi</a></p>',
        ),
        (  # a bold dateline as the label: still bold, its mark outside it as it was
            '<p><b>JAKARTA</b> - <a href="/y">Polisi tangkap dua pencuri motor</a></p>',
            [("JAKARTA - Polisi tangkap dua pencuri motor", "JAKARTA - Police arrest two thieves")],
            '<p><b>JAKARTA</b> - <a href="/y">Police arrest two thieves</a></p>',
        ),
        (  # a label the English does not mark off: the whole English in the link
            '<p>Simak <a href="/v">video banjir besar di Kota Semarang</a></p>',
            [("Simak video banjir besar di Kota Semarang", "Watch the flood video in Semarang")],
            '<p> <a href="/v">Watch the flood video in Semarang</a></p>',
        ),
    ],
)
def test_a_link_holding_most_of_its_sentence_wraps_the_english_and_is_not_repeated(
    page: str, english: list[tuple[str, str]], expected: str
) -> None:
    root = _placed(page, english)
    assert lxml.html.tostring(root, encoding="unicode") == expected
    # The English once, no Indonesian left, the link still there with its href.
    assert " ".join(root.text_content().split()) == " ".join(en for _, en in english)
    assert len(root.findall(".//a")) == page.count("<a ")


def test_a_bold_dateline_keeps_its_bold_when_a_link_in_its_sentence_is_not_kept() -> None:
    root = lxml.html.fromstring(
        '<p><b>JAKARTA</b> - Polisi menangkap dua orang di <a href="x">Jakarta Selatan</a> '
        "pada Senin malam.</p>"
    )
    block = next(b for b in body_blocks(root) if isinstance(b, SlotBlock))
    english = "JAKARTA - The police arrested two people in South Jakarta on Monday night."
    block.put(place(block.spans, [(0, len(block.text), english)], join_crossing=False))
    assert lxml.html.tostring(root, encoding="unicode") == (
        "<p><b>JAKARTA</b> - The police arrested two people in South Jakarta on Monday "
        'night. <a href="x">Jakarta Selatan</a> </p>'
    )


def test_a_link_not_kept_before_a_kept_element_still_follows_the_sentence() -> None:
    # Wrapping "polisi" would leave the link's Indonesian amid the English.
    root = lxml.html.fromstring(
        '<p>Di <a href="/x">Jakarta Selatan</a>, <b>polisi</b> menangkap dua orang.</p>'
    )
    block = next(b for b in body_blocks(root) if isinstance(b, SlotBlock))
    english = "In South Jakarta, polisi arrested two people."
    block.put(place(block.spans, [(0, len(block.text), english)], join_crossing=False))
    assert lxml.html.tostring(root, encoding="unicode") == (
        '<p>In South Jakarta, polisi arrested two people. <a href="/x">Jakarta Selatan</a>  </p>'
    )


def test_a_box_of_links_translates_each_link_as_its_own_line(tmp_path: Path) -> None:
    # viva's "Baca Juga" box: three titles with no full stop read as one sentence, whose
    # English went before the links and the Indonesian titles stayed after it.
    source = tmp_path / "box.html"
    source.write_text(
        '<div class="baca-juga-box"><p>Baca Juga :</p>\n'
        ' <a href="/1">Menkop Dorong Koperasi Desa</a>\n'
        ' <a href="/2"><b>Ekspor</b> Kerajinan Naik</a>\n'
        ' <a href="/3">Cara UMKM Dapat Sertifikat</a>\n</div>',
        "utf-8",
    )
    output = tmp_path / "box.en.html"
    translate_document(_echo(), source, output, fmt="html")
    root = lxml.html.fromstring(output.read_text("utf-8"))
    links = root.findall(".//a")
    assert [a.get("href") for a in links] == ["/1", "/2", "/3"]
    assert [" ".join(a.text_content().split()) for a in links] == [
        "EN Menkop Dorong Koperasi Desa",
        "EN Ekspor Kerajinan Naik",
        "EN Cara UMKM Dapat Sertifikat",
    ]
    assert " ".join(root.text_content().split()) == (
        "EN Baca Juga : EN Menkop Dorong Koperasi Desa EN Ekspor Kerajinan Naik "
        "EN Cara UMKM Dapat Sertifikat"
    )


# --- .md -----------------------------------------------------------------------------

README = """# Kabar: *penerjemah* berita

Alat ini menerjemahkan berita. Kalimat kedua ada di sini.

> Kutipan dari redaksi
> yang terbagi dua baris.

- Pasang dengan [panduan ini](https://kabar.example/pasang "Panduan").
- Jalankan `kabar translate` lalu tunggu.
- **Seluruh butir ini tebal.**

| Kota | Korban |
|------|--------|
| Bandung | Tiga orang |

```bash
kabar translate berita.txt  # jangan diterjemahkan
```

![Logo kabar](logo.png)
"""


def _shape(tokens: list[Any]) -> list[tuple[str, str, int]]:
    return [(t.type, t.tag, t.nesting) for t in tokens if t.type != "inline"]


def test_a_readme_keeps_its_markdown_structure(tmp_path: Path) -> None:
    source = tmp_path / "README.md"
    source.write_text(README, encoding="utf-8")
    output = tmp_path / "README.en.md"
    translate_document(_echo(), source, output, fmt="md")
    english = output.read_text("utf-8")
    parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    before, after = parser.parse(README), parser.parse(english)
    assert _shape(after) == _shape(before)
    fences = [t.content for t in after if t.type == "fence"]
    assert fences == ["kabar translate berita.txt  # jangan diterjemahkan\n"]
    inline = [t.content for t in after if t.type == "inline"]
    assert inline[0] == "EN Kabar: penerjemah berita"  # the sentence crosses the emphasis
    assert inline[1] == "EN Alat ini menerjemahkan berita. EN Kalimat kedua ada di sini."
    assert inline[2] == "EN Kutipan dari redaksi yang terbagi dua baris."
    # The link's text is kept by the test double, so the link goes around it.
    assert inline[3] == 'EN Pasang dengan [panduan ini](https://kabar.example/pasang "Panduan").'
    assert inline[4] == "EN Jalankan `kabar translate` lalu tunggu."
    assert inline[5] == "**EN Seluruh butir ini tebal.**"
    assert inline[6:10] == ["EN Kota", "EN Korban", "EN Bandung", "EN Tiga orang"]
    assert "![Logo kabar](logo.png)" in english


def test_text_the_markdown_would_read_as_syntax_is_escaped(tmp_path: Path) -> None:
    from kabar.translate.documents.markdown import escape

    assert escape("1. first", at_start=True) == "1\\. first"
    assert escape("# not a heading", at_start=True) == "\\# not a heading"
    assert escape("a *b* [c]") == "a \\*b\\* \\[c\\]"


# --- the command line ------------------------------------------------------------------


def test_kabar_translate_format_docx_writes_the_english_document(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = newsroom_docx(tmp_path / "berita.docx")
    output = tmp_path / "hasil.docx"
    argv = ["translate", str(source), "--format", "docx", "-o", str(output)]
    code, out, err = run_cli([*argv, *tiny_engine_args(tiny_model_dir), "--quiet"], capsys)
    assert code == 0, err
    assert out == ""
    assert "wrote" not in err  # --quiet, and the user named the file
    before, after = _paragraphs(source), _paragraphs(output)
    assert [b[:3] for b in before] == [a[:3] for a in after]
    assert all(bool(a[3]) == bool(b[3]) for a, b in zip(after, before, strict=True))
    # Another kind of file: the English article as a clean Markdown document.
    argv = ["translate", str(source), "--format", "md", *tiny_engine_args(tiny_model_dir)]
    code, out, err = run_cli([*argv, "--quiet"], capsys)
    assert code == 0, err
    assert out.startswith("# ")  # the headline, as the title
    assert len(MarkdownIt().parse(out)) > 6 and "[headline]" not in out
    # The clean document has no flags: the sentences to check are said aside, as for text.
    assert "worst first:" in err  # the random model's noise is flagged
    # No -o: kabar names the file, and says which even with --quiet (stdout is empty).
    argv = ["translate", str(source), "--format", "docx", *tiny_engine_args(tiny_model_dir)]
    code, out, err = run_cli([*argv, "--quiet"], capsys)
    assert code == 0, err
    assert out == "" and f"kabar: wrote {tmp_path / 'berita.en.docx'}" in err


# --- .jsonl corpora ------------------------------------------------------------------


def test_a_corpus_record_comes_back_whole_with_its_translation(tmp_path: Path) -> None:
    from kabar.translate.documents.registry import DocumentOptions, open_document

    records = [
        {"url": "https://kabar.example/1", "judul": "Banjir", "isi": "Hujan turun. Banjir."},
        {"tanggal": "2025-01-02", "isi": "Presiden tiba.", "tags": ["a", "b"], "n": 1.5},
    ]
    source = tmp_path / "korpus.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    options = DocumentOptions(text_field="isi", id_field="url")
    document = open_document(source, name=source.name, out_dir=tmp_path, options=options)
    translator = _echo()
    for unit in document.units():
        document.receive(unit, translator.translate_article(unit.text), 0.0)
    document.commit()
    lines = [json.loads(line) for line in (tmp_path / "korpus.en.jsonl").open()]
    checks = [line.pop("translation_checks") for line in lines]
    assert lines[0] == {**records[0], "translation": "EN Hujan turun. EN Banjir."}
    assert list(lines[0]) == [*records[0], "translation"]  # every field in its place
    # No "url": the record is named by its line, after its own fields.
    assert lines[1] == {**records[1], "id": None, "line": 2, "translation": "EN Presiden tiba."}
    assert [c["sentences"] for c in checks] == [2, 1]


def test_kabar_translate_bilingual_writes_the_table_to_check(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "berita.txt"
    source.write_text("Presiden tiba di Jakarta. Hujan turun.\n\nBanjir melanda.\n", "utf-8")
    output = tmp_path / "periksa.docx"
    argv = ["translate", str(source), "--format", "docx", "--bilingual", "-o", str(output)]
    code, _, err = run_cli([*argv, *tiny_engine_args(tiny_model_dir), "--quiet"], capsys)
    assert code == 0, err
    rows = [[c.text for c in row.cells] for row in docx.Document(str(output)).tables[0].rows]
    assert rows[0] == ["Indonesian", "English"]
    assert [row[0] for row in rows[1:]] == [
        "Presiden tiba di Jakarta.",
        "Hujan turun.",
        "",
        "Banjir melanda.",
    ]
    code, _, err = run_cli(["translate", str(source), "--bilingual"], capsys)
    assert code != 0 and "--format docx" in err


def test_images_comments_and_page_layout_are_left_as_they_were(tmp_path: Path) -> None:
    import base64
    import io
    import zipfile

    from docx.enum.section import WD_ORIENT
    from docx.shared import Inches
    from lxml import etree

    png = base64.b64decode(  # a 1x1 image
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    document = docx.Document()
    document.sections[0].orientation = WD_ORIENT.LANDSCAPE
    document.sections[0].left_margin = Inches(1.7)
    commented = document.add_paragraph("Kalimat yang dikomentari redaktur.")
    document.add_comment(commented.runs, text="Periksa angka ini.", author="Redaktur")
    document.add_picture(io.BytesIO(png), width=Inches(1))
    document.add_paragraph("Keterangan foto di bawah gambar.")
    source = tmp_path / "foto.docx"
    document.save(str(source))
    output = tmp_path / "foto.en.docx"
    translate_document(_echo(), source, output, fmt="docx")

    translated = ("word/document.xml", "docProps/core.xml")  # the text and the language
    with zipfile.ZipFile(source) as before, zipfile.ZipFile(output) as after:
        assert sorted(after.namelist()) == sorted(before.namelist())
        for name in before.namelist():  # the image, the comments, styles, settings ...
            if name not in translated:
                assert after.read(name) == before.read(name), name
        old, new = (etree.fromstring(z.read("word/document.xml")) for z in (before, after))
    for tag in ("sectPr", "drawing", "commentRangeStart", "commentRangeEnd"):
        assert [etree.tostring(e) for e in new.iter(f"{W}{tag}")] == [
            etree.tostring(e) for e in old.iter(f"{W}{tag}")
        ], tag
    texts = [p.text for p in docx.Document(str(output)).paragraphs if p.text]
    assert texts == ["EN Kalimat yang dikomentari redaktur.", "EN Keterangan foto di bawah gambar."]


def test_a_line_break_parts_the_lines_of_a_block() -> None:
    # "Pewarta: Hery Sidik<br>Editor: Budi Santoso" went to the model as one text,
    # "Hery SidikEditor", and a sentence could run across the break.
    root = lxml.html.fromstring(
        "<div><p>Gempa terjadi di Palu<br>Warga mengungsi ke masjid.<br/>"
        "Pewarta: Hery Sidik<br>Editor: Budi Santoso</p></div>"
    )
    texts = [b.text for b in body_blocks(root) if isinstance(b, SlotBlock)]
    assert texts == [
        "Gempa terjadi di Palu",
        "Warga mengungsi ke masjid.",
        "Pewarta: Hery Sidik",
        "Editor: Budi Santoso",
    ]
