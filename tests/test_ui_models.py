"""The UI's model choice: offered only when more than one model is here, loaded once on
first choice, labelled non-commercial where the licence says so."""

from __future__ import annotations

from pathlib import Path

import pytest

from kabar.translate.backends.base import BackendSource
from kabar.translate.backends.transformers import TransformersBackend
from kabar.translate.engine import Translator
from kabar.ui.app import build_app
from kabar.ui.models import ModelChooser, model_label


def _dropdown(app: object) -> dict[str, object]:
    config = app.config  # type: ignore[attr-defined]
    return next(
        c["props"] for c in config["components"] if c["props"].get("elem_id") == "kabar-model"
    )


def test_labels_say_non_commercial() -> None:
    assert "non-commercial" in model_label("facebook/nllb-200-distilled-600M")
    assert "non-commercial" in model_label("nllb-3.3b")
    assert model_label("Helsinki-NLP/opus-mt-id-en") == "opus-mt — Helsinki-NLP/opus-mt-id-en"
    assert model_label("/models/mine") == "/models/mine"


def test_chooser_loads_each_model_once_on_first_choice(
    tiny_backend: TransformersBackend, tiny_nllb_dir: Path
) -> None:
    first = Translator(tiny_backend)
    loads: list[str] = []

    def load(model: str) -> Translator:
        loads.append(model)
        return Translator(
            TransformersBackend(BackendSource(Path(model), model_id=model, threads=1))
        )

    chooser = ModelChooser(first, [first.info.model, str(tiny_nllb_dir)], load)
    assert chooser.offered
    assert chooser.translator(None) is first and chooser.translator("unknown") is first
    nllb = chooser.translator(str(tiny_nllb_dir))
    assert nllb.info.family == "nllb" and chooser.translator(str(tiny_nllb_dir)) is nllb
    assert loads == [str(tiny_nllb_dir)]
    [result] = nllb.translate_sentences(["Rusia membantah."])
    assert result.translation is not None


@pytest.mark.parametrize("offered", [False, True])
def test_the_choice_shows_only_with_more_than_one_model(
    tiny_backend: TransformersBackend, offered: bool, tmp_path: Path
) -> None:
    first = Translator(tiny_backend)
    models = [first.info.model, "facebook/nllb-200-distilled-600M"][: 2 if offered else 1]
    chooser = ModelChooser(first, models, lambda model: first)
    app = build_app(first, None, models=chooser, seeds_dir=tmp_path)
    dropdown = _dropdown(app)
    assert dropdown["visible"] is offered
    if offered:
        labels = [choice[0] for choice in dropdown["choices"]]  # type: ignore[attr-defined]
        assert any("non-commercial" in label for label in labels)
