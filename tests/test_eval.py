"""kabar score / kabar eval: sacrebleu's documented example, the published FLORES figures
reproduced from the authors' own outputs, test-set resolution, and the report end to end
on the tiny random model (structure and invariants only, never its scores)."""

from __future__ import annotations

import argparse
import json
import re
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.error import URLError

import pytest

from kabar.cli.main import build_parser
from kabar.core.atomic import TEMP_SUFFIX
from kabar.core.errors import OptionsError
from kabar.eval import testsets
from kabar.eval.correlation import pearson, spearman
from kabar.eval.report import (
    HISTOGRAM_PNG,
    PUBLISHED,
    SCATTER_PNG,
    build_report,
    one_line,
)
from kabar.eval.report_files import write_report
from kabar.eval.score import LineCountError, Scorer
from kabar.eval.testsets import (
    MissingTestSetError,
    known_testset_for,
    read_lines,
    resolve_testset,
)
from kabar.translate.backends.base import Backend, Decoded
from kabar.translate.engine import Translator
from kabar.translate.options import TranslationOptions
from kabar.translate.pieces import normalize_whitespace
from tests.conftest import SHARED, SpyBackend, run_cli, seed_files, tiny_engine_args

SYSTEM_OUTPUTS = SHARED / "data" / "system-outputs"
PUBLISHED_FLORES = SYSTEM_OUTPUTS / "opus-mt-id-en.flores101-devtest.eng"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

# sacrebleu's README, "Using SacreBLEU from Python": two reference streams, three segments.
DOC_REFS = [
    ["The dog bit the man.", "It was not unexpected.", "The man bit him first."],
    ["The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."],
]
DOC_SYS = ["The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."]

# Indonesian lines for the end-to-end runs: two sentences on one line (must stay one
# segment), an empty line, and a whole news paragraph (long: chunked with a low limit).
SEED_PARAGRAPHS = [line for line in seed_files()[0].read_text("utf-8").splitlines() if line.strip()]
EVAL_SOURCES = [
    "Rusia membantah rencana serangan. Pasukannya berada di sana untuk latihan.",
    "",
    SEED_PARAGRAPHS[1],
    "NATO siap membela anggotanya.",
    SEED_PARAGRAPHS[2],
]
EVAL_REFERENCES = [
    "Russia denied planning an attack. Its troops were there for exercises.",
    "",
    "The alliance discussed the crisis in Brussels.",
    "NATO is ready to defend its members.",
    "Ukraine asked for more air defence.",
]


def write_lines(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC), path
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    assert data[12:16] == b"IHDR" and width > 100 and height > 100
    import matplotlib.image

    assert matplotlib.image.imread(path).shape[:2] == (height, width)  # decodes fully


# ------------------------------------------------------ sacrebleu's documented example


def test_scorer_reproduces_sacrebleus_documented_example() -> None:
    scores = Scorer().score(DOC_SYS, DOC_REFS)
    # README: BLEU = 48.53 82.4/50.0/45.5/37.5 (BP = 0.943 ratio = 0.944 hyp_len = 17
    # ref_len = 18); nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp; chrF2 = 59.73
    assert f"{scores.bleu:.2f}" == "48.53"
    assert "/".join(f"{p:.1f}" for p in scores.bleu_precisions) == "82.4/50.0/45.5/37.5"
    assert f"{scores.brevity_penalty:.3f}" == "0.943"
    assert (scores.hyp_len, scores.ref_len, f"{scores.length_ratio:.3f}") == (17, 18, "0.944")
    assert scores.signatures.bleu.startswith("nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|")
    assert f"{scores.chrf:.2f}" == "59.73"
    assert scores.signatures.chrf.startswith("nrefs:2|case:mixed|eff:yes|nc:6|nw:0|space:no|")
    assert scores.signatures.ter.startswith("nrefs:2|case:lc|tok:tercom|")
    assert scores.n == 3 and len(scores.sentence_chrf) == 3
    assert scores.formatted[0].startswith("BLEU|nrefs:2|") and " = 48.53 " in scores.formatted[0]


def test_variable_number_of_references_as_documented() -> None:
    refs = [["", *DOC_REFS[0][1:]], DOC_REFS[1]]
    scores = Scorer().score(DOC_SYS, refs)
    # README: BLEU = 29.44 82.4/42.9/27.3/12.5 (BP = 0.889 ratio = 0.895 hyp_len = 17
    # ref_len = 19). (Its "nrefs:var" needs None for the missing reference in sacrebleu
    # 2.6, which keeps '' as a reference; kabar reads files, so a missing one is ''.)
    assert f"{scores.bleu:.2f}" == "29.44"
    assert "/".join(f"{p:.1f}" for p in scores.bleu_precisions) == "82.4/42.9/27.3/12.5"
    assert (scores.hyp_len, scores.ref_len) == (17, 19)


def test_sentence_chrf_is_sacrebleus_sentence_score() -> None:
    from sacrebleu.metrics.chrf import CHRF

    scores = Scorer().score(DOC_SYS, DOC_REFS)
    chrf = CHRF()
    expected = [
        chrf.sentence_score(h, [r[i] for r in DOC_REFS]).score for i, h in enumerate(DOC_SYS)
    ]
    assert list(scores.sentence_chrf) == pytest.approx(expected)
    assert scores.sentence_chrf[0] == pytest.approx(100.0)  # an exact match, 0-100 scale


def test_scorer_refuses_misaligned_or_empty_input() -> None:
    with pytest.raises(LineCountError, match="the hypotheses has 3, the reference has 2"):
        Scorer().score(DOC_SYS, [DOC_REFS[0][:2]])
    with pytest.raises(LineCountError, match="nothing to score"):
        Scorer().score([], [[]])


def test_score_cli_on_the_documented_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hyp = write_lines(tmp_path / "sys.txt", DOC_SYS)
    ref1 = write_lines(tmp_path / "ref1.txt", DOC_REFS[0])
    ref2 = write_lines(tmp_path / "ref2.txt", DOC_REFS[1])
    code, out, err = run_cli(
        ["score", "--hyp", str(hyp), "--ref", str(ref1), str(ref2), "--format", "json"], capsys
    )
    assert code == 0, err
    data = json.loads(out)
    assert {"bleu", "chrf", "ter", "signatures", "n"} <= set(data)
    assert (round(data["bleu"], 2), round(data["chrf"], 2), data["n"]) == (48.53, 59.73, 3)
    assert set(data["signatures"]) == {"bleu", "chrf", "ter"}
    assert len(data["sentence_chrf"]) == 3 and len(data["worst"]) == 3

    code, out, _ = run_cli(["score", "--hyp", str(hyp), "--ref", str(ref1), str(ref2)], capsys)
    assert code == 0
    assert "BLEU|nrefs:2|case:mixed|eff:no|tok:13a|smooth:exp|" in out
    assert "chrF2|nrefs:2|" in out and "TER|nrefs:2|" in out
    assert "length ratio" in out


def test_score_cli_mismatched_line_counts_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", DOC_SYS)
    ref = write_lines(tmp_path / "ref.txt", DOC_REFS[0][:2])
    code, out, err = run_cli(["score", "--hyp", str(hyp), "--ref", str(ref)], capsys)
    assert code == 1 and out == ""
    assert "line counts differ" in err and f"--hyp {hyp} has 3" in err and "has 2" in err
    assert "Traceback" not in err


def test_score_cli_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    hyp = write_lines(tmp_path / "hyp.txt", DOC_SYS)
    code, _, err = run_cli(["score", "--hyp", str(hyp), "--ref", str(tmp_path / "no.txt")], capsys)
    assert code == 1 and "does not exist" in err


# ------------------------------------------- the published FLORES figures, reproduced


def _published_eval() -> dict[str, tuple[str, str, str]]:
    """The .eval file beside the outputs: metric -> (signature, score, rest of line)."""
    text = PUBLISHED_FLORES.with_suffix(".eval").read_text("utf-8")
    found = {}
    for line in text.splitlines():
        match = re.match(r"^(BLEU|chrF2)\|(\S+) = (\S+)(.*)$", line.strip())
        if match:
            found[match[1]] = (match[2], match[3], match[4].strip())
    return found


def _without_version(signature: str) -> str:
    return "|".join(p for p in signature.split("|") if not p.startswith("version:"))


@pytest.mark.shared
def test_kabar_score_reproduces_the_published_flores_figures(
    shared_testsets: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not PUBLISHED_FLORES.is_file():
        pytest.skip(f"{PUBLISHED_FLORES} is absent")
    published = _published_eval()
    code, out, err = run_cli(
        [
            "score",
            "--hyp",
            str(PUBLISHED_FLORES),
            "--ref",
            str(shared_testsets / "flores200-devtest.eng"),
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["n"] == 1012

    bleu_signature, bleu_score, bleu_rest = published["BLEU"]
    assert f"{data['bleu']:.1f}" == bleu_score == "33.4"
    detail = data["bleu_detail"]
    assert bleu_rest == (
        "/".join(f"{p:.1f}" for p in detail["precisions"])
        + f" (BP = {detail['brevity_penalty']:.3f} ratio = {data['length_ratio']:.3f} "
        f"hyp_len = {detail['hyp_len']} ref_len = {detail['ref_len']})"
    )
    assert _without_version(data["signatures"]["bleu"]) == _without_version(bleu_signature)

    chrf_signature, chrf_score, _ = published["chrF2"]
    assert f"{data['chrf'] / 100:.5f}" == chrf_score == "0.61210"  # the leaderboard's 0-1 scale
    assert f"{data['chrf']:.1f}" == "61.2"
    assert _without_version(data["signatures"]["chrf"]) == _without_version(chrf_signature)

    flores = next(p for p in PUBLISHED if p.testset == "flores200-devtest")
    assert (flores.bleu, flores.chrf) == (float(bleu_score), round(float(chrf_score) * 100, 1))
    # The reference is named like a kabar test set, so the comparison row is filled in.
    flores_row = next(r for r in data["published"]["figures"] if r["testset"] == flores.testset)
    assert (flores_row["kabar_bleu"], flores_row["kabar_chrf"]) == (33.4, 61.2)
    assert flores_row["comparable"] is True


# ---------------------------------------------------------------- lines and statistics


def test_read_lines_counts_like_wc(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes("a\r\nb\u2028c\n\nd\n".encode())
    assert read_lines(path) == ["a", "b\u2028c", "", "d"]  # U+2028 is not a line break here
    path.write_bytes(b"a\nb")
    assert read_lines(path) == ["a", "b"]
    path.write_bytes(b"")
    assert read_lines(path) == []


def test_one_line_flattens_every_line_break() -> None:
    assert one_line("first line\nsecond\r\nthird \u2028 fourth\x85fifth  ") == (
        "first line second third fourth fifth"
    )
    assert one_line("no break") == "no break"


def test_pearson_and_spearman() -> None:
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert spearman([1, 2, 3, 4], [1, 4, 9, 100]) == pytest.approx(1.0)
    assert pearson([1, 2, 3, 4], [1, 4, 9, 100]) < 0.9
    # ties share their average rank: ranks [1, 2.5, 2.5, 4] vs [1, 2, 3, 4]
    assert spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(0.9486832980505138)
    assert pearson([1, 1, 1], [1, 2, 3]) is None and pearson([1], [2]) is None


# ----------------------------------------------------------------- test-set resolution


def test_testset_from_data_dir_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_lines(tmp_path / "tico19-test.ind", ["Halo."])
    write_lines(tmp_path / "tico19-test.eng", ["Hello."])
    found = resolve_testset("tico19-test", tmp_path)
    assert (found.source, found.references, found.origin) == (
        tmp_path / "tico19-test.ind",
        (tmp_path / "tico19-test.eng",),
        "--data-dir",
    )
    monkeypatch.setenv("KABAR_DATA", str(tmp_path))
    assert resolve_testset("tico19-test").origin == "KABAR_DATA"
    assert known_testset_for(tmp_path / "tico19-test.eng") == "tico19-test"
    assert known_testset_for(tmp_path / "other.eng") is None


def test_missing_testset_says_where_to_put_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KABAR_DATA", raising=False)
    with pytest.raises(MissingTestSetError) as error:
        resolve_testset("ntrex128", tmp_path)
    message = str(error.value)
    assert "ntrex128.ind and ntrex128.eng" in message
    assert "--data-dir" in message and "KABAR_DATA" in message
    assert "sacrebleu" in message  # it was asked too
    with pytest.raises(MissingTestSetError, match="neither --data-dir nor KABAR_DATA"):
        resolve_testset("flores200-devtest")
    with pytest.raises(OptionsError, match="choose one of"):
        resolve_testset("wmt14")


@pytest.mark.shared
def test_missing_testset_message_points_at_shared_here(
    shared_testsets: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KABAR_DATA", raising=False)
    with pytest.raises(MissingTestSetError) as error:
        resolve_testset("flores200-devtest")
    assert f"--data-dir {shared_testsets}" in str(error.value)


class _FakeSacrebleuSet:
    """Stands in for an entry of ``sacrebleu.dataset.DATASETS``."""

    def __init__(self, source: Path, reference: Path, *, offline: bool = False) -> None:
        self.langpairs = {"id-en": []}
        self.source, self.reference, self.offline = source, reference, offline

    def get_source_file(self, langpair: str) -> str:
        if self.offline:
            raise URLError("no network")
        return str(self.source)

    def get_reference_files(self, langpair: str) -> list[str]:
        return [str(self.reference)]


def test_falls_back_to_sacrebleu_only_where_it_knows_the_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sacrebleu.dataset import DATASETS

    monkeypatch.delenv("KABAR_DATA", raising=False)
    source = write_lines(tmp_path / "src", ["Halo."])
    reference = write_lines(tmp_path / "ref", ["Hello."])
    name = testsets.TESTSETS["ntrex128"].sacrebleu_name
    monkeypatch.setitem(DATASETS, name, _FakeSacrebleuSet(source, reference))
    found = resolve_testset("ntrex128", tmp_path / "empty")
    assert (found.source, found.references, found.origin) == (source, (reference,), "sacrebleu")

    monkeypatch.setitem(DATASETS, name, _FakeSacrebleuSet(source, reference, offline=True))
    with pytest.raises(MissingTestSetError, match=r"could not download .*URLError"):
        resolve_testset("ntrex128")


# -------------------------------------------------------- kabar eval, end to end


def test_eval_takes_every_engine_option() -> None:
    """New engine options (e.g. a backend choice) reach `kabar eval` without edits."""
    from kabar.cli.engine_arguments import add_engine_arguments

    engine = argparse.ArgumentParser()
    add_engine_arguments(engine)
    wanted = {o for action in engine._actions for o in action.option_strings} - {"-h", "--help"}
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    evaluate = commands.choices["eval"]
    assert wanted <= {o for action in evaluate._actions for o in action.option_strings}


def _eval_data(tmp_path: Path) -> tuple[Path, Path]:
    return (
        write_lines(tmp_path / "src.ind", EVAL_SOURCES),
        write_lines(tmp_path / "ref.eng", EVAL_REFERENCES),
    )


def test_eval_writes_the_report_and_plots(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, ref = _eval_data(tmp_path)
    out_dir = tmp_path / "report"
    code, out, err = run_cli(
        [
            "eval",
            "--src",
            str(src),
            "--ref",
            str(ref),
            *tiny_engine_args(tiny_model_dir),
            "--max-input-tokens",
            "24",
            "--out",
            str(out_dir),
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0, err
    data = json.loads(out)
    report_json = json.loads((out_dir / "report.json").read_text("utf-8"))
    assert report_json.pop("plots") == [HISTOGRAM_PNG, SCATTER_PNG]
    assert report_json == data  # --format json prints report.json

    hypotheses = (out_dir / "hypotheses.txt").read_text("utf-8").split("\n")
    assert hypotheses[-1] == "" and len(hypotheses) - 1 == len(EVAL_SOURCES)
    assert hypotheses[1] == ""  # the empty source line stays an (empty) line

    assert {"bleu", "chrf", "ter", "signatures", "n"} <= set(data)
    assert data["n"] == data["total_lines"] == len(EVAL_SOURCES)
    engine = data["engine"]
    assert data["model"] == engine["model"] == str(tiny_model_dir)
    assert (engine["beam_size"], engine["threads"], engine["device"]) == (1, 1, "cpu")
    assert engine["backend"] and engine["compute_type"]
    assert data["seconds"] > 0 and data["sentences_per_second"] > 0

    sentences = data["sentences"]
    assert [s["source"] for s in sentences] == EVAL_SOURCES  # line by line, none merged
    assert [s["hypothesis"] for s in sentences] == hypotheses[:-1]
    assert "empty" in sentences[1]["flags"]
    assert "chunked" in sentences[2]["flags"]  # a long line: chunked, still one line
    assert "\n" not in sentences[2]["hypothesis"]
    worst = data["worst"]
    assert len(worst) == len(EVAL_SOURCES)  # fewer than 10 lines: all of them, worst first
    assert [w["chrf"] for w in worst] == sorted(w["chrf"] for w in worst)
    assert data["confidence_vs_chrf"]["n"] == len(EVAL_SOURCES) - 1  # empty line left out
    assert [row["kabar_bleu"] for row in data["published"]["figures"]] == [None] * 3

    # chrF on sacrebleu's 0-100 scale, and exactly what sacrebleu gives for hypotheses.txt
    from sacrebleu.metrics.chrf import CHRF

    assert data["chrf"] == pytest.approx(
        CHRF().corpus_score(hypotheses[:-1], [EVAL_REFERENCES]).score
    )

    for name in (HISTOGRAM_PNG, SCATTER_PNG):
        assert_png(out_dir / name)
    markdown = (out_dir / "report.md").read_text("utf-8")
    assert f"]({HISTOGRAM_PNG})" in markdown and f"]({SCATTER_PNG})" in markdown
    assert data["signatures"]["bleu"].replace("|", "\\|") in markdown
    assert "| FLORES-101 devtest (`flores200-devtest`) | 33.4 | – | 61.2 | – |" in markdown
    assert "The 10 worst sentences by chrF" in markdown and "Pearson" in markdown
    assert f"`{tiny_model_dir}`" in markdown and "sentences/s" in markdown
    assert "report written to" in err


def test_eval_testset_from_data_dir_with_limit_and_text_output(
    tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    write_lines(data_dir / "flores200-devtest.ind", EVAL_SOURCES)
    write_lines(data_dir / "flores200-devtest.eng", EVAL_REFERENCES)
    argv = [
        "eval",
        "--testset",
        "flores200-devtest",
        "--data-dir",
        str(data_dir),
        "--limit",
        "2",
        *tiny_engine_args(tiny_model_dir),
        "--quiet",
    ]
    code, out, err = run_cli([*argv, "--out", str(tmp_path / "r")], capsys)
    assert code == 0, err
    assert out.startswith("kabar: flores200-devtest: 2 of 5 segments\n")
    assert "BLEU|nrefs:1|" in out and "chrF2|nrefs:1|" in out and "TER|nrefs:1|" in out
    assert "sentences/s" in out and "confidence vs sentence chrF" in out
    assert "published Helsinki-NLP/opus-mt-id-en on FLORES-101 devtest: BLEU 33.4" in out
    assert len(read_lines(tmp_path / "r" / "hypotheses.txt")) == 2
    report = json.loads((tmp_path / "r" / "report.json").read_text("utf-8"))
    assert report["testset"] == "flores200-devtest" and report["n"] == 2
    row = next(r for r in report["published"]["figures"] if r["testset"] == "flores200-devtest")
    assert row["kabar_bleu"] == round(report["bleu"], 1)
    assert report["total_lines"] == 5 and row["comparable"] is False  # --limit 2
    assert "(on 2 of 5 segments only)" in out
    assert "not comparable" in (tmp_path / "r" / "report.md").read_text("utf-8")
    assert "kabar: model" not in err  # --quiet


def test_eval_argument_errors_come_before_loading_a_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src, _ = _eval_data(tmp_path)
    short_ref = write_lines(tmp_path / "short.eng", EVAL_REFERENCES[:2])
    no_model = ["--model", str(tmp_path / "no-model")]
    code, _, err = run_cli(["eval", "--src", str(src), "--ref", str(short_ref), *no_model], capsys)
    assert code == 1 and "line counts differ" in err and "Traceback" not in err
    code, _, err = run_cli(["eval", "--src", str(src), *no_model], capsys)
    assert code == 2 and "--testset NAME" in err
    code, _, err = run_cli(["eval", "--testset", "tico19-test", "--src", str(src)], capsys)
    assert code == 2 and "not both" in err
    code, _, err = run_cli(
        ["eval", "--testset", "ntrex128", "--data-dir", str(tmp_path), *no_model], capsys
    )
    assert code == 1 and "ntrex128.ind" in err and "KABAR_DATA" in err
    code, _, err = run_cli(["eval", "--testset", "wmt14"], capsys)
    assert code == 2 and "flores200-devtest" in err  # argparse lists the names
    code, _, err = run_cli(["eval", "--src", str(src), "--ref", str(src), "--limit", "0"], capsys)
    assert code == 2 and "--limit" in err


def test_eval_translates_each_line_as_one_segment(
    tiny_backend: Backend,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    spy = SpyBackend(tiny_backend)
    options = TranslationOptions(beam_size=1, output_ratio=0.5, output_slack=4)
    monkeypatch.setattr(
        "kabar.cli.eval_commands.load_translator", lambda args: Translator(spy, options)
    )
    lines = [EVAL_SOURCES[0], EVAL_SOURCES[3], "Satu. Dua. Tiga."]
    src = write_lines(tmp_path / "src.ind", lines)
    ref = write_lines(tmp_path / "ref.eng", ["a", "b", "c"])
    code, _, err = run_cli(
        ["eval", "--src", str(src), "--ref", str(ref), "--format", "json"], capsys
    )
    assert code == 0, err
    sent = sorted(text for texts, _ in spy.batches for text in texts)
    assert sent == sorted(normalize_whitespace(line) for line in lines)


class _MultiLineBackend:
    """A test double whose 'translation' spans lines: the report must flatten it."""

    name, model_id, device, threads, compute_type = "multi", "multi-line", "cpu", 1, "none"
    max_input_tokens = 512

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(t.split()) + 1 for t in texts]

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        return [Decoded(f"{t}\nsecond line\r\nthird", 3, -0.5, False) for t in texts]


def test_a_translation_with_line_breaks_stays_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        "kabar.cli.eval_commands.load_translator",
        lambda args: Translator(_MultiLineBackend(), None),
    )
    src, ref = _eval_data(tmp_path)
    code, out, err = run_cli(
        ["eval", "--src", str(src), "--ref", str(ref), "--out", str(tmp_path / "o")], capsys
    )
    assert code == 0, err
    hypotheses = read_lines(tmp_path / "o" / "hypotheses.txt")
    assert len(hypotheses) == len(EVAL_SOURCES)
    assert hypotheses[0] == normalize_whitespace(EVAL_SOURCES[0]) + " second line third"
    assert "engine: multi-line · multi · cpu · 1 threads · none · beam 4" in out


def test_write_report_without_engine_has_no_scatter(tmp_path: Path) -> None:
    scores = Scorer().score(DOC_SYS, [DOC_REFS[0]])
    report = build_report(
        scores=scores,
        hypotheses=DOC_SYS,
        references=DOC_REFS[0],
        inputs=[("hypotheses", "sys.txt"), ("reference", "ref.txt")],
    )
    written = write_report(report, tmp_path / "new" / "folder")
    assert sorted(written) == sorted(["hypotheses.txt", "report.json", "report.md", HISTOGRAM_PNG])
    assert_png(written[HISTOGRAM_PNG])
    assert report.title == "sys.txt against ref.txt"
    data: dict[str, Any] = json.loads(written["report.json"].read_text("utf-8"))
    assert data["confidence_vs_chrf"] is None and "engine" not in data
    assert not list(written["report.md"].parent.glob(f".*{TEMP_SUFFIX}"))  # no temporary left


def test_bad_out_dir_fails_before_any_translation(
    tmp_path: Path, tiny_model_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from kabar.cli.main import main

    source, reference = tmp_path / "s.ind", tmp_path / "r.eng"
    source.write_text("Dia pergi.\n", encoding="utf-8")
    reference.write_text("He left.\n", encoding="utf-8")
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("x")
    for argv in (
        ["score", "--hyp", str(reference), "--ref", str(reference), "--out", str(not_a_folder)],
        # A model that does not exist: the --out check must fail first.
        [
            "eval",
            "--src",
            str(source),
            "--ref",
            str(reference),
            "--model",
            "./no/model",
            "--out",
            str(not_a_folder),
        ],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert "is not a folder" in err and "Traceback" not in err


def test_only_full_runs_of_the_published_model_are_comparable(tmp_path: Path) -> None:
    from kabar.eval.report import build_report
    from kabar.eval.score import Scorer

    lines = ["He left."] * 3
    report = build_report(
        scores=Scorer().score(lines, [lines]),
        hypotheses=lines,
        references=lines,
        testset="flores200-devtest",
        inputs=[("hypotheses", "h"), ("reference", "r")],
    )
    assert not report.comparable  # 3 lines are not the 1012 of FLORES
    assert not any(row["comparable"] for row in report.published())
