"""An input refused by its byte size says how large it is, on every surface."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from kabar.core.errors import InputError
from kabar.core.reading.article import read_article


def test_a_file_too_large_to_fit_says_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("a" * 50_000, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_article(big, name="big.txt", max_chars=1_000)
    assert str(error.value).startswith(
        "big.txt is 50,000 bytes: more than the limit of 1,000 characters could take"
    )


def test_a_stream_too_large_to_fit_says_what_was_read() -> None:
    with pytest.raises(InputError) as error:
        read_article(io.BytesIO(b"a" * 50_000), name="<stdin>", max_chars=1_000)
    assert str(error.value).startswith(
        "<stdin> is over 40,000 bytes: more than the limit of 1,000 characters"
    )


def test_just_under_the_byte_bound_is_counted_in_characters(tmp_path: Path) -> None:
    # 4,000 bytes could still be 1,000 characters (or a page): counted, refused by the count.
    page = tmp_path / "page.txt"
    page.write_text("a" * 4_000, encoding="utf-8")
    with pytest.raises(InputError, match="has 4,000 characters, over the limit of 1,000"):
        read_article(page, name="page.txt", max_chars=1_000)
    assert read_article(page, name="page.txt", max_chars=4_000).text == "a" * 4_000


def test_a_device_or_pipe_says_what_was_read_not_its_zero_size() -> None:
    # /dev/zero (like a pipe or <(…)) has no size of its own: st_size is 0.
    with pytest.raises(InputError) as error:
        read_article(Path("/dev/zero"), name="/dev/zero", max_chars=1_000)
    assert str(error.value).startswith("/dev/zero is over 40,000 bytes: more than the limit")


def _page(script_chars: int) -> str:
    script = "var x = 1;" * (script_chars // 10)
    body = "<p>Presiden Joko Widodo tiba di Jakarta pada hari Senin.</p>"
    return f"<html><head><script>{script}</script></head><body>{body}</body></html>"


def test_the_limit_counts_a_pages_visible_text_not_its_markup(tmp_path: Path) -> None:
    page = tmp_path / "berita.html"
    page.write_text(_page(5_000), encoding="utf-8")  # 5 KB of script, 54 characters of text
    article = read_article(page, name="berita.html", max_chars=1_000)
    assert article.text == "Presiden Joko Widodo tiba di Jakarta pada hari Senin."
    # A pasted page (the UI), a page piped in or saved as .txt: the same rule.
    assert read_article(_page(5_000), name="paste", max_chars=1_000).text == article.text
    as_txt = tmp_path / "berita.txt"
    as_txt.write_text(_page(5_000), encoding="utf-8")
    assert read_article(as_txt, name="berita.txt", max_chars=1_000).text == article.text
    piped = io.BytesIO(_page(5_000).encode("utf-8"))
    assert read_article(piped, name="<stdin>", max_chars=1_000).text == article.text


def test_visible_text_over_the_limit_is_refused_as_text() -> None:
    body = "<p>" + "Kata " * 300 + "</p>"
    with pytest.raises(InputError, match="has 1,499 characters of visible text, over the limit"):
        read_article(f"<div>{body}</div>", name="paste", max_chars=1_000)
    page = f"<html><body>{body}</body></html>"
    with pytest.raises(InputError, match="has 1,499 characters of text in its article, over the"):
        read_article(page, name="paste", max_chars=1_000)
    with pytest.raises(InputError, match="has 1,499 characters of visible text, over the limit"):
        read_article(page, name="paste", max_chars=1_000, whole_page=True)


def test_a_page_with_more_markup_than_it_may_carry_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "berita.html"
    page.write_text(_page(20_000), encoding="utf-8")
    with pytest.raises(InputError, match=r"berita\.html is a page of 20,\d{3} characters"):
        read_article(page, name="berita.html", max_chars=1_000)
