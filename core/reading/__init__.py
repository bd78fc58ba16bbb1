"""Reading an article: bytes from a file, stdin, a paste or an upload become text under one
set of rules (binary refused, encodings detected, HTML reduced to its visible text, .docx
paragraphs extracted), with notices saying what was done."""
