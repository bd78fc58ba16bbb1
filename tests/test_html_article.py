"""A saved web page translated in place (issues 21 + 23): the article that reading the
page finds (trafilatura's extraction) is what gets translated, mapped back onto the
page's own elements; navigation, consent banners, related lists, comments and footers
are left exactly as they were, and the DOM is unchanged but for text. A fragment, and
``--whole-page``, have all their visible text translated. The pages are the Indonesian
test pages of tests/data/webpages (fourteen outlets' layouts); the engine is the tiny random
Marian (real model code, nonsense English) or, where each sentence must be followed to
its place, the ``EN``-tagging test double."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest

from kabar.core.reading import read_article
from kabar.core.reading.decode import decode_text
from kabar.core.reading.page_map import match_blocks, match_key
from kabar.translate.backends.base import Backend
from kabar.translate.documents.html import HtmlDocument, SlotBlock, parse_page
from kabar.translate.documents.registry import DocumentOptions, Outputs
from kabar.translate.documents.single import translate_document
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from tests.conftest import run_cli, tiny_engine_args
from tests.test_documents_formats import _echo, _structure, dropped_formatting

PAGES_DIR = Path(__file__).parent / "data" / "webpages"
PAGES = sorted(PAGES_DIR.glob("*.html"))


def _flat(text: str) -> str:
    return " ".join(text.split())


def _gold(page: Path) -> dict[str, list[str]]:
    gold: dict[str, list[str]] = json.loads(page.with_suffix(".json").read_text("utf-8"))
    return gold


def _tiny(backend: Backend) -> Translator:
    return Translator(backend, TranslationOptions(beam_size=1))


def _dom(path: Path) -> Any:
    return parse_page(decode_text(path.read_bytes(), name=path.name)[0], name=path.name)


def _shape(root: Any) -> list[tuple[str, dict[str, str]]]:
    """The page's elements and attributes but those translating changes (its charset is
    UTF-8 then, declared by <meta charset> or <meta http-equiv>)."""
    shape = _structure(root)
    return [
        (tag, {k: v for k, v in attributes.items() if not (tag == "meta" and k == "content")})
        for tag, attributes in shape
    ]


def _translated(source: Path, output: Path, translator: Translator, **options: Any) -> Any:
    document = translate_document(
        translator, source, output, fmt="html", options=DocumentOptions(**options)
    )
    return document


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_a_saved_news_page_gets_its_article_translated_and_nothing_else(
    page: Path, tmp_path: Path, tiny_backend: Backend
) -> None:
    output = tmp_path / f"{page.stem}.en.html"
    document = _translated(page, output, _tiny(tiny_backend))
    before, after = _dom(page), _dom(output)
    # The same DOM but for text, and for bold/italic a sentence crossed whose words the
    # (random) English did not keep: dropped, their words in the English.
    dropped_formatting(_shape(before), _shape(after))
    body = _flat(after.text_content())
    gold = _gold(page)
    # navigation, consent banner, related and popular lists, comments, footer: unchanged
    for line in gold["without"]:
        assert _flat(line) in body, line
    shown = _flat(" ".join(after.xpath("//text()[not(ancestor::script)]")))
    for paragraph in gold["article"]:  # the headline and every body paragraph: English
        assert _flat(paragraph) not in shown, paragraph
    assert after.findtext(".//title") != before.findtext(".//title")
    (notice,) = [n for n in document.notices if "web page" in n]
    assert notice.startswith(f"{page.name}: translated the article of a web page in place: ")


def _article_blocks(page: Path, tmp_path: Path, **options: Any) -> list[str]:
    """The texts translating ``page`` in place translates (not its attributes), title
    first."""
    document = HtmlDocument(
        page, page.name, tmp_path, Outputs(Path("x.en.html")), DocumentOptions(**options)
    )
    blocks = [block for unit in document.units() for block in unit.blocks]
    return [block.text for block in blocks if isinstance(block, SlotBlock)]


@pytest.mark.parametrize("page", PAGES, ids=[page.stem for page in PAGES])
def test_the_text_read_and_the_html_translated_are_the_same_paragraphs(
    page: Path, tmp_path: Path
) -> None:
    read = read_article(page, name=page.name).text.split("\n\n")
    title, *translated = _article_blocks(page, tmp_path)
    assert title == _flat(_dom(page).findtext(".//title"))
    # The same text in the same order: a page's block may hold several of the read
    # paragraphs (the extractor parts some), so they are compared joined, spacing aside.
    assert match_key("".join(translated)) == match_key("".join(read))
    whole_read = read_article(page, name=page.name, whole_page=True).text.split("\n\n")
    _, *whole = _article_blocks(page, tmp_path, whole_page=True)
    assert match_key("".join(whole)) == match_key("".join(whole_read))


def test_whole_page_translates_all_the_visible_page_in_place(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = PAGES_DIR / "detik-banjir.html"
    consent = "Situs ini menggunakan cookie."
    outputs = {}
    for switch in ([], ["--whole-page"]):
        output = tmp_path / f"out{len(switch)}.html"
        argv = ["translate", str(page), "--format", "html", "-o", str(output)]
        code, _, err = run_cli([*argv, *switch, *tiny_engine_args(tiny_model_dir)], capsys)
        assert code == 0, err
        outputs[bool(switch)] = (_flat(_dom(output).find(".//body").text_content()), err)
    article, err = outputs[False]
    assert consent in article and "Komentar Anda" in article
    assert "translated the article of a web page in place: " in err
    whole, err = outputs[True]
    assert consent not in whole and "Komentar Anda" not in whole
    assert "translating all the visible text of a web page" in err and "--whole-page" in err
    dropped_formatting(_shape(_dom(page)), _shape(_dom(tmp_path / "out1.html")))


def test_a_fragment_has_all_its_visible_text_translated(tmp_path: Path) -> None:
    source = tmp_path / "potongan.html"
    source.write_text(
        "<div>Presiden tiba di Jakarta.</div><nav><a>Beranda</a></nav>"
        "<article><p>Menteri pergi ke Bandung.</p></article>",
        "utf-8",
    )
    output = tmp_path / "potongan.en.html"
    document = _translated(source, output, _echo())
    after = _dom(output)
    assert _flat(after.find(".//div").text_content()) == "EN Presiden tiba di Jakarta."
    assert after.findtext(".//p") == "EN Menteri pergi ke Bandung."
    assert after.findtext(".//nav/a") == "Beranda"  # not visible text: as reading it
    assert not any("web page" in notice for notice in document.notices)


def test_links_and_sources_are_written_as_they_were(tmp_path: Path) -> None:
    # lxml's writer percent-escaped them: "/vorträge/" became "/vortr%C3%A4ge/", a newline
    # in a src "%0A" (which a browser no longer strips), javascript's spaces "%20".
    source = tmp_path / "halaman.html"
    links = ['/leistungen/vorträge/?q=Docker Engine&x="1"', "javascript:go( 'a' );"]
    source.write_text(
        f'<p>Presiden tiba. <a href="{html.escape(links[0])}">Baca</a> '
        f'<a href="{links[1]}" name="ä b">Lagi</a></p><img src="a\n\tb.jpg" alt="Foto">'
        '<form action="/cari ä"><p>Cari berita di sini.</p></form>',
        "utf-8",
    )
    output = tmp_path / "out.html"
    _translated(source, output, _echo())
    after = _dom(output)
    assert [a.get("href") for a in after.iterfind(".//a")] == links
    assert after.find(".//a[@name]").get("name") == "ä b"
    assert after.find(".//img").get("src") == "a\n\tb.jpg"
    assert after.find(".//form").get("action") == "/cari ä"
    assert "%20" not in output.read_text("utf-8") and "kabar-uri" not in output.read_text("utf-8")


def test_soft_hyphens_are_not_sent_to_the_model(tmp_path: Path) -> None:
    # Hyphenation hints, invisible on the page ("Mag\xadda\xadle\xadner"): reading a page
    # drops them, and so does translating it in place.
    source = tmp_path / "potongan.html"
    source.write_text("<p>Pe\u00adme\u00adrin\u00adtah <b>mem\u00adbuka</b> pen\u00addaftaran.</p>")
    _translated(source, tmp_path / "out.html", _echo())
    assert _flat(_dom(tmp_path / "out.html").find(".//p").text_content()) == (
        "EN Pemerintah membuka pendaftaran."
    )


def test_a_pages_attributes_are_translated_only_inside_its_article(tmp_path: Path) -> None:
    body = "".join(
        f"<p>Kalimat nomor {n} dari berita ini menjelaskan banjir di Jakarta kemarin.</p>"
        for n in range(8)
    )
    source = tmp_path / "halaman.html"
    source.write_text(
        "<!doctype html><html><head><title>Banjir di Jakarta</title></head><body>"
        '<div class="menu"><a title="Halaman depan">Beranda</a> <a>Kontak</a></div>'
        '<article><h1>Banjir di Jakarta</h1><figure><img src="b.jpg" alt="Foto banjir">'
        f"<figcaption>Banjir di jalan utama Jakarta pada Senin pagi.</figcaption></figure>{body}"
        '</article><div class="share"><a title="Bagikan ke teman">Bagikan</a></div>'
        "</body></html>",
        "utf-8",
    )
    output = tmp_path / "halaman.en.html"
    _translated(source, output, _echo())
    after = _dom(output)
    assert after.findtext(".//h1") == "EN Banjir di Jakarta"
    assert after.find(".//p").text.startswith("EN Kalimat nomor 0")
    assert after.find(".//img").get("alt") == "EN Foto banjir"
    assert after.find(".//div[@class='menu']/a").get("title") == "Halaman depan"
    assert after.find(".//div[@class='share']/a").get("title") == "Bagikan ke teman"
    assert after.findtext(".//div[@class='share']/a") == "Bagikan"


# --- mapping the extraction back onto the page's blocks --------------------------------


def test_a_block_holding_several_paragraphs_is_kept() -> None:
    blocks = ["Beranda Kontak", "Satu dua tiga.  Empat lima enam.", "Berita Terkait"]
    match = match_blocks(blocks, ["Satu dua tiga.", "Empat lima\nenam."])
    assert match.kept == (False, True, False) and match.unmatched == ()


def test_a_short_paragraph_is_looked_for_after_the_one_before_it() -> None:
    # "Baca juga" is in the menu too: found in order, it is the article's one.
    blocks = ["Baca juga", "Banjir merendam dua belas RT.", "Baca juga", "Warga mengungsi."]
    match = match_blocks(blocks, ["Banjir merendam dua belas RT.", "Baca juga"])
    assert match.kept == (False, True, True, False)


def test_a_paragraph_not_on_the_page_or_in_a_block_not_kept_is_unmatched() -> None:
    blocks = ["Warga mengungsi ke masjid terdekat.", "Bagikan: Facebook Twitter WhatsApp Link"]
    match = match_blocks(blocks, ["Warga mengungsi ke masjid terdekat.", "Judul", "Bagikan:"])
    assert match.kept == (True, False)
    assert match.unmatched == (1, 2)


def test_the_pages_metadata_is_translated_with_its_article_in_both_modes(
    tmp_path: Path,
) -> None:
    # og:title and the description are the article's: translated as the <title> is,
    # whether only the article or the whole page is translated, and in the same engine
    # call as the article's text (one unit), not in a pass of their own.
    page = PAGES_DIR / "kompas-bendungan.html"
    before = _dom(page)
    metas = {}
    for whole_page in (False, True):
        output = tmp_path / f"out{whole_page}.html"
        _translated(page, output, _echo(), whole_page=whole_page)
        after = _dom(output)
        metas[whole_page] = [
            (m.attrib.get("property"), m.get("content")) for m in after.iter("meta")
        ]
        assert _shape(after) == _shape(before)
    assert (
        metas[False]
        == metas[True]
        == [
            (None, None),  # <meta charset>
            ("og:title", "EN " + before.find(".//meta[@property='og:title']").get("content")),
            (None, "EN Bendungan baru diharapkan mengairi ribuan hektar sawah."),
        ]
    )
    document = HtmlDocument(
        page, page.name, tmp_path, Outputs(Path("x.en.html")), DocumentOptions()
    )
    (unit,) = list(document.units())
    assert "Bendungan baru diharapkan mengairi ribuan hektar sawah." in unit.text
    assert "Presiden meninjau pintu air bendungan" in unit.text


def test_the_pages_metadata_is_not_a_line_of_its_brief(tmp_path: Path) -> None:
    # The description, a body sentence before the lead, took the lead's place in the
    # brief of translate-dir's .html (and its dateline was no longer cut).
    page = PAGES_DIR / "kompas-bendungan.html"
    document = HtmlDocument(
        page, page.name, tmp_path, Outputs(Path("x.en.html")), DocumentOptions()
    )
    (unit,) = list(document.units())
    article = _echo().translate_article(unit.text)
    briefed = document.briefed(unit, article)
    sources = [sentence.source for sentence in briefed.sentences]
    assert "Bendungan baru diharapkan mengairi ribuan hektar sawah." not in sources
    assert len(article.paragraphs) - len(briefed.paragraphs) == 2  # og:title, description
    assert sources[0] == _flat(_dom(page).findtext(".//title"))  # the <title>, as before
    assert sources[1:] == [s.source for s in article.sentences][3:]
