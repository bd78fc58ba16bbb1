"""Reading an article: bytes from a file, stdin, a paste or an upload become text under one
set of rules (binary refused, encodings detected, HTML reduced to its visible text, .docx
paragraphs extracted behind a zip-bomb guard), with notices saying what was done.

One module per concern: ``decode`` (bytes to text, whole or streamed), ``html`` (visible
text), ``docx`` (paragraphs in document order), ``archive`` (the ZIP guard), ``article``
(``read_article``, the one entry point)."""

from kabar.core.reading.article import Article, read_article, read_text_input

__all__ = ["Article", "read_article", "read_text_input"]
