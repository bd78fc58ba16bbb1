"""The real NLLB-200-distilled-600M weights: marked slow, skipped by default. A user with
the model cached (`kabar download nllb-600m`) or the hub reachable runs them with
`pytest -m slow tests/test_real_nllb.py`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kabar.cli.main import main
from kabar.core.errors import ModelNotFoundError
from kabar.core.hub import hub_unreachable_reason, offline
from kabar.translate.engine import Translator
from kabar.translate.model_source import cached_model
from tests.conftest import seed_files

pytestmark = pytest.mark.slow

NLLB = "facebook/nllb-200-distilled-600M"


@pytest.fixture(scope="module")
def nllb_available() -> None:
    if cached_model(NLLB) is None and (offline() or hub_unreachable_reason()):
        pytest.skip(f"{NLLB} is not cached and cannot be downloaded here")


@pytest.fixture(scope="module")
def nllb(nllb_available: None) -> Translator:
    try:
        return Translator.load("nllb-600m")
    except ModelNotFoundError as error:
        pytest.skip(f"real NLLB unavailable: {error}")


def test_nllb_translates_a_seed_faithfully(nllb: Translator) -> None:
    article = nllb.translate_article(seed_files()[0].read_text("utf-8"))
    for name in ("NATO", "Rutte", "Putin"):
        assert name in article.text
    assert "eng_Latn" not in article.text and "ind_Latn" not in article.text
    assert any("non-commercial" in notice for notice in article.notices)
    assert article.mean_confidence > 0.4


def test_nllb_reaches_39_bleu_on_flores200_devtest(
    nllb_available: None, shared_testsets: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """NLLB-200-distilled-600M's published id→en figure is about 40.5 (kabar issue 11)."""
    code = main(
        [
            "eval",
            "--testset",
            "flores200-devtest",
            "--data-dir",
            str(shared_testsets),
            "--model",
            "nllb-600m",
            "--format",
            "json",
            "--quiet",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.err
    report = json.loads(captured.out)
    assert report["engine"]["family"] == "nllb"
    assert report["n"] == 1012
    assert report["bleu"] >= 39.0
