"""The benchmark's figures table: the printed target and the verdict come from one bound."""

from __future__ import annotations

from kabar.eval.measure.bench import OVERHEAD, SEED_SECONDS, SENTENCES_PER_SECOND, Target, _row


def test_a_target_prints_the_bound_it_checks() -> None:
    assert SEED_SECONDS.text() == "<= 2 s each"
    assert SEED_SECONDS.met(2.0) and not SEED_SECONDS.met(2.06)
    assert SENTENCES_PER_SECOND.text() == ">= 15 sentences/s"
    assert SENTENCES_PER_SECOND.met(15.28) and not SENTENCES_PER_SECOND.met(14.9)
    assert OVERHEAD.text() == "<= 5%"
    assert OVERHEAD.met(0.03) and not OVERHEAD.met(0.051)


def test_rows_say_met_missed_or_reported() -> None:
    target = Target(1.0, at_most=True, unit=" s")
    assert _row("a", "0.90 s", "1.0", (target, 0.9)) == "| a | 0.90 s | <= 1 s | yes | 1.0 |"
    assert _row("a", "1.10 s", "1.0", (target, 1.1)) == "| a | 1.10 s | <= 1 s | **no** | 1.0 |"
    assert _row("b", "30%", "2.0") == "| b | 30% | (reported) | — | 2.0 |"
