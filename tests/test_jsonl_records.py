"""One JSONL reader for `kabar translate-dir` and `kabar summarize --jsonl`: the same
corpus gets the same treatment, line by line, from both."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kabar.cli.main import main
from kabar.core.errors import InputError
from kabar.core.reading.records import MAX_RECORD_BYTES, Record, read_records

TEXT = "Presiden Joko Widodo tiba di Jakarta pada hari Senin. Dia disambut warga."
CORPUS = (
    (
        "\ufeff" + json.dumps({"id": "a", "text": TEXT}) + "\n"  # a BOM opens the file
        "{not json\n"
        "\n"  # blank lines are not records
        + json.dumps(["a", "list"])
        + "\n"
        + json.dumps({"text": TEXT})  # no id: named by its line
        + "\n"
        + json.dumps({"id": 7, "text": "x" * (MAX_RECORD_BYTES + 10)})
        + "\n"
        + json.dumps({"id": "b", "text": TEXT})
        + "\n"
    ).encode("utf-8")
    + b'{"id": "c", "text": "caf\xe9"}\n'
)


def _records(data: bytes) -> list[Record]:
    return list(read_records(io.BufferedReader(io.BytesIO(data)), name="korpus.jsonl"))


def test_every_line_is_a_record_or_says_why_not() -> None:
    records = _records(CORPUS)
    assert [r.line for r in records] == [1, 2, 4, 5, 6, 7, 8]
    assert [r.error for r in records] == [
        None,
        "not JSON (Expecting property name enclosed in double quotes: column 2); "
        "give one JSON object per line",
        "not a JSON object; give one JSON object per line",
        None,
        "record over 1 MB (give an article that long as its own .txt file)",
        None,
        "not UTF-8 text (save the file as UTF-8)",
    ]
    assert records[0].data == {"id": "a", "text": TEXT}
    assert [r.key("id") for r in records] == [
        {"id": "a"},
        {"id": None, "line": 2},
        {"id": None, "line": 4},
        {"id": None, "line": 5},
        {"id": None, "line": 6},
        {"id": "b"},
        {"id": None, "line": 8},
    ]


def test_a_null_id_is_no_id() -> None:
    (record,) = _records(b'{"id": null, "text": "a"}\n')
    assert record.key("id") == {"id": None, "line": 1}


def test_bare_cr_line_ends_end_records_too() -> None:
    data = b'{"id": 1, "text": "a"}\r{"id": 2, "text": "b"}\r\r{"id": 3, "text": "c"}\r'
    assert [(r.line, r.data["id"]) for r in _records(data)] == [(1, 1), (2, 2), (4, 3)]


def test_a_bare_cr_corpus_over_a_megabyte_keeps_every_record() -> None:
    line = json.dumps({"id": 0, "text": "x" * 1_000}).encode()
    data = b"\r".join([line] * 1_300)  # 1.3 MB, not one line feed
    records = _records(data)
    assert len(records) == 1_300 and all(r.error is None for r in records)


def test_a_cr_inside_a_record_is_json_whitespace_where_lines_end_in_lf() -> None:
    data = b'{"id": 1,\r "text": "a"}\r\n{"id": 2, "text": "b"}\n'
    assert [(r.line, r.error, r.data.get("id")) for r in _records(data)] == [
        (1, None, 1),
        (2, None, 2),
    ]


def test_an_over_long_line_is_one_error_and_the_next_line_is_read() -> None:
    huge = b"x" * (MAX_RECORD_BYTES + 70_000)
    records = _records(huge + b'\n{"id": 2, "text": "b"}\n' + huge)
    assert [(r.line, r.error is None) for r in records] == [(1, False), (2, True), (3, False)]


def test_a_binary_file_is_refused_before_any_record() -> None:
    with pytest.raises(InputError, match=r"korpus\.jsonl"):
        read_records(
            io.BufferedReader(io.BytesIO(b"\x00\x01PK\x03\x04" * 100)), name="korpus.jsonl"
        )


def test_translate_dir_and_summarize_name_and_fail_the_same_lines(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "korpus.jsonl").write_bytes(CORPUS)
    out = tmp_path / "out"
    code = main(["translate-dir", str(src), str(out), "--model", str(tiny_model_dir), "--quiet"])
    capsys.readouterr()
    assert code == 1
    translated = [json.loads(line) for line in (out / "korpus.en.jsonl").open(encoding="utf-8")]
    argv = ["summarize", "--jsonl", str(src / "korpus.jsonl"), "--method", "textrank"]
    code = main([*argv, "--text-field", "text", "--sentences", "1", "--quiet"])
    briefed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    names = [{k: line[k] for k in ("id", "line") if k in line} for line in translated]
    assert names == [{k: line[k] for k in ("id", "line") if k in line} for line in briefed]
    failed = [i for i, line in enumerate(translated) if "error" in line]
    assert failed == [i for i, line in enumerate(briefed) if "error" in line] == [1, 2, 4, 6]


def test_both_commands_read_a_list_of_sentences_and_word_a_bad_field_alike(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    corpus = src / "korpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "list", "text": ["Presiden tiba di Jakarta.", "Dia disambut warga."]})
        + "\n"
        + json.dumps({"id": "none", "isi": TEXT})
        + "\n"
        + json.dumps({"id": "number", "text": 7})
        + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    main(["translate-dir", str(src), str(out), "--model", str(tiny_model_dir), "--quiet"])
    translated = [json.loads(line) for line in (out / "korpus.en.jsonl").open(encoding="utf-8")]
    capsys.readouterr()
    argv = ["summarize", "--jsonl", str(corpus), "--method", "textrank", "--text-field", "text"]
    main([*argv, "--quiet"])
    briefed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert "translation" in translated[0] and "brief" in briefed[0]
    errors = [line.get("error") for line in translated[1:]]
    assert (
        errors
        == [line.get("error") for line in briefed[1:]]
        == [
            'no "text" field (choose the field with --text-field)',
            '"text" must be text or a list of sentences',
        ]
    )


def test_records_from_a_pipe_arrive_as_they_are_written() -> None:
    import os
    import threading

    read_end, write_end = os.pipe()
    os.write(write_end, b'{"id": 1, "text": "a"}\n')  # one short line; the writer stays open
    got: list[Record] = []
    with io.BufferedReader(io.FileIO(read_end)) as handle:
        records = read_records(handle, name="<pipe>")
        reader = threading.Thread(target=lambda: got.append(next(records)))
        reader.start()
        reader.join(timeout=10)
        arrived = list(got)  # before the writer closes: a reader waiting for EOF has none
        os.close(write_end)
        reader.join()
    assert arrived and arrived[0].data == {"id": 1, "text": "a"}
