"""Measurement scripts (``python -m kabar.eval.measure.NAME``): benchmarks, backend equivalence,
split F1, ROUGE of briefs. They print figures; the tests never time anything."""
