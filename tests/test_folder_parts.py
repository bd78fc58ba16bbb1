"""The folder job's parts on their own, without a model: the round planner (pure), each
input's state machine and the ledger's order of writes."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kabar.translate.documents.base import DocumentOptions, open_document, output_names
from kabar.translate.folder.checkpoint import Checkpoint, checkpoint_path
from kabar.translate.folder.discovery import Found
from kabar.translate.folder.ledger import Ledger, checkpoint_identity
from kabar.translate.folder.manifest import MANIFEST_NAME, ManifestEntry
from kabar.translate.folder.planner import RoundPlanner, SentenceCount, time_shares
from kabar.translate.folder.state import ActiveDocument, DocumentState, TransitionError

# --- the round planner ------------------------------------------------------------


def _rounds(sizes: list[int], round_chars: int, max_units: int) -> list[list[int]]:
    """The rounds (as indexes into ``sizes``) the planner makes of units of ``sizes``."""
    planner = RoundPlanner[int](round_chars=round_chars, max_units=max_units)
    rounds = [full for i, size in enumerate(sizes) if (full := planner.add(i, size)) is not None]
    return [*rounds, planner.flush()]


def test_a_round_is_sent_once_it_holds_round_chars() -> None:
    assert _rounds([40, 40, 40, 10, 90, 5], round_chars=100, max_units=50) == [
        [0, 1, 2],  # 120 characters: the unit that crosses the bound travels with it
        [3, 4],
        [5],  # the rest, at the end
    ]


def test_a_round_of_empty_units_is_bounded_by_max_units() -> None:
    assert _rounds([0] * 7, round_chars=100, max_units=3) == [[0, 1, 2], [3, 4, 5], [6]]


def test_flush_of_a_planner_with_nothing_waiting_is_empty_and_it_starts_anew() -> None:
    planner = RoundPlanner[str](round_chars=10, max_units=5)
    assert planner.flush() == []
    assert planner.add("a", 4) is None and planner.waiting == 1
    assert planner.flush() == ["a"] and planner.waiting == 0
    assert planner.add("b", 9) is None  # the 4 characters of "a" no longer count


def test_a_planner_without_room_is_refused() -> None:
    with pytest.raises(ValueError, match="1 or more"):
        RoundPlanner[int](round_chars=0, max_units=5)
    with pytest.raises(ValueError, match="1 or more"):
        RoundPlanner[int](round_chars=5, max_units=0)


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(min_value=0, max_value=300), max_size=60),
    round_chars=st.integers(min_value=1, max_value=500),
    max_units=st.integers(min_value=1, max_value=10),
)
def test_rounds_keep_every_unit_once_in_order_and_within_bounds(
    sizes: list[int], round_chars: int, max_units: int
) -> None:
    rounds = _rounds(sizes, round_chars, max_units)
    assert [i for round_ in rounds for i in round_] == list(range(len(sizes)))
    for round_ in rounds[:-1]:
        chars = [sizes[i] for i in round_]
        # Full: over a bound, and only because of its last unit.
        assert sum(chars) >= round_chars or len(round_) == max_units
        assert sum(chars[:-1]) < round_chars and len(round_) <= max_units
    assert all(rounds[:-1])  # no empty round is ever sent


def test_time_shares_follow_the_sentences_and_split_evenly_without_any() -> None:
    assert time_shares(6.0, [1, 2, 0, 3]) == [1.0, 2.0, 0.0, 3.0]
    assert time_shares(3.0, [0, 0, 0]) == [1.0, 1.0, 1.0]
    assert time_shares(3.0, []) == []


def test_the_sentence_count_grows_for_uncounted_inputs_and_shrinks_for_failed_ones() -> None:
    count = SentenceCount(total=10, done=2)
    assert count.shown() == (2, 10)
    assert count.shown(in_round=50) == (10, 10)  # pieces, not sentences: capped
    count.translated(3, counted=True)
    count.translated(4, counted=False)  # an input the scan did not count
    assert count.shown() == (9, 14)
    count.dropped(5)  # a failed input's untranslated rest
    count.dropped(-1)  # more came back than counted: nothing to take out
    assert count.shown() == (9, 9)


# --- each input's state -----------------------------------------------------------


def _active(tmp_path: Path, text: str = "Presiden tiba.\n\nHujan turun.\n") -> ActiveDocument:
    source = tmp_path / "berita.txt"
    source.write_text(text, encoding="utf-8")
    rel = PurePosixPath("berita.txt")
    options = DocumentOptions()
    document = open_document(source, name=str(rel), out_dir=tmp_path / "out", options=options)
    found = Found(source, rel, document.kind)
    return ActiveDocument(found, "0" * 64, output_names(rel, options).names, document, 2)


def test_an_input_goes_pending_running_sent_committed(tmp_path: Path) -> None:
    active = _active(tmp_path)
    assert active.state is DocumentState.PENDING
    active.advance(DocumentState.RUNNING)
    active.sent()
    active.sent()
    assert not active.part_way  # nothing back yet: no checkpoint to save
    active.received(1)
    assert active.part_way and not active.ready
    active.advance(DocumentState.SENT)
    assert not active.ready  # one answer still outstanding
    active.received(1)
    assert active.ready and (active.units_done, active.sentences_done) == (2, 2)
    active.advance(DocumentState.COMMITTED)
    assert not active.ready and not active.part_way and not active.failed


PENDING, RUNNING, SENT, COMMITTED, FAILED = DocumentState


@pytest.mark.parametrize(
    ("path", "illegal"),
    [
        ([], SENT),  # sent before it was read
        ([], COMMITTED),
        ([], FAILED),  # a planned input fails while planning, never later
        ([RUNNING], COMMITTED),  # committed before all its units were read
        ([RUNNING, SENT, COMMITTED], FAILED),
        ([RUNNING, FAILED], SENT),
        ([RUNNING, FAILED], FAILED),
        ([RUNNING, SENT], RUNNING),
    ],
)
def test_moves_outside_the_life_cycle_raise(
    tmp_path: Path, path: list[DocumentState], illegal: DocumentState
) -> None:
    active = _active(tmp_path)
    for state in path:
        active.advance(state)
    with pytest.raises(TransitionError, match=f"to {illegal.value}"):
        active.advance(illegal)
    assert active.state is (path[-1] if path else DocumentState.PENDING)  # unchanged


def test_units_are_sent_only_while_running_and_received_only_when_outstanding(
    tmp_path: Path,
) -> None:
    active = _active(tmp_path)
    with pytest.raises(TransitionError, match="sent while pending"):
        active.sent()
    active.advance(DocumentState.RUNNING)
    with pytest.raises(TransitionError, match="0 outstanding"):
        active.received(1)
    active.sent()
    active.advance(DocumentState.FAILED)
    with pytest.raises(TransitionError, match="received while failed"):
        active.received(1)  # a failed input's late answer is never written


# --- the ledger ---------------------------------------------------------------------


def _checkpoint(identity: dict[str, Any]) -> Checkpoint:
    return Checkpoint(**identity, units=1, lengths={}, state={})


def test_the_ledger_continues_only_a_matching_checkpoint(tmp_path: Path) -> None:
    active, out = _active(tmp_path), tmp_path / "out"
    english = active.outputs[0]
    identity = checkpoint_identity(
        rel=active.found.rel,
        sha256=active.sha256,
        settings={"model": "a"},
        features={},
        documents={},
        outputs=active.outputs,
    )
    ledger = Ledger(out, force=False)
    try:
        ledger.save_checkpoint(english, _checkpoint(identity))
        ledger.prepare()
        assert ledger.resume_point(english, identity) is not None
        ledger.save_checkpoint(english, _checkpoint(identity))
        ledger.prepare()
        other = identity | {"settings": {"model": "b"}}
        assert ledger.resume_point(english, other) is None  # other settings: from zero
        assert not checkpoint_path(out, english).exists()  # and discarded
    finally:
        ledger.close()


def test_the_ledger_records_a_commit_only_at_record_then_drops_its_checkpoint(
    tmp_path: Path,
) -> None:
    active, out = _active(tmp_path), tmp_path / "out"
    english = active.outputs[0]
    ledger = Ledger(out, force=False)
    try:
        identity = checkpoint_identity(
            rel=active.found.rel,
            sha256=active.sha256,
            settings={},
            features={},
            documents={},
            outputs=active.outputs,
        )
        ledger.save_checkpoint(english, _checkpoint(identity))
        (out / english).write_text("The president arrived.\n", encoding="utf-8")
        entry = ManifestEntry(
            input="berita.txt", sha256=active.sha256, settings={}, outputs=(str(english),)
        )
        assert ledger.commit(entry, active.outputs) == ((), [])
        manifest = (out / MANIFEST_NAME).read_text("utf-8")
        assert manifest == ""  # outputs not yet durable: not recorded
        assert checkpoint_path(out, english).exists()
        ledger.record()
        assert '"input": "berita.txt"' in (out / MANIFEST_NAME).read_text("utf-8")
        assert not checkpoint_path(out, english).exists()
        assert ledger.finished("berita.txt", active.sha256, {}, [str(english)], {}) == entry
    finally:
        ledger.close()
