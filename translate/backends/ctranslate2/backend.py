"""The CTranslate2 backend itself: one CTranslate2 translator and the family's token pieces.

Each row of a batch gets exactly what a search of it alone with its own length limit
gives (``translate_batch``); the rows are cut into the workers' jobs and the next batches
searched ahead by ``kabar.translate.backends.ctranslate2.search``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from kabar.translate.backends.base import BackendSource, Decoded, resolve_threads
from kabar.translate.backends.ctranslate2.devices import DEFAULT_COMPUTE_TYPE
from kabar.translate.backends.ctranslate2.search import (
    NOTHING,
    Call,
    Hypothesis,
    Pending,
    Searched,
    balanced_parts,
    by_limit,
    collect,
    cut,
    mean_of,
    searched_ahead,
)
from kabar.translate.families import family_named


class CTranslate2Backend:
    """Owns one CTranslate2 translator and the model's tokenizer."""

    name = "ctranslate2"

    def __init__(self, source: BackendSource, *, compute_type: str = DEFAULT_COMPUTE_TYPE) -> None:
        import ctranslate2

        folder, device = source.folder, source.device
        family = source.family or family_named("marian")
        self.family_name = family.name
        self.model_id = source.model_id
        self.folder = folder
        self.threads = resolve_threads(source.threads)
        self.device = device
        self.compute_type = compute_type
        self.tokenizer = family.load_pieces(folder)
        # One single-threaded worker per thread, fed sub-batches in parallel: measured on
        # 2 cores, as fast as one 2-thread worker on big batches and 2.5x faster on the
        # small ones that rows with different limits need (no thread synchronisation in
        # every layer of every step). The workers share the model's weights.
        self.translator = ctranslate2.Translator(
            str(folder),
            device=device.split(":")[0],
            device_index=int(device.split(":")[1]) if ":" in device else 0,
            compute_type=compute_type,
            inter_threads=self.threads,
            intra_threads=1,
        )
        self.max_input_tokens = self.tokenizer.model_max_length
        # The family's forced first target tokens (NLLB's eng_Latn): CTranslate2's
        # target_prefix, stripped from every hypothesis, never in a length or confidence.
        self.target_prefix = list(self.tokenizer.target_prefix)
        # One decoder position goes to the start token, as in the transformers backend.
        self.max_output_tokens = self.max_input_tokens - 1 - len(self.target_prefix)
        self.eos = self.tokenizer.eos
        # Whether most rows of the last batch ran into their limits. It only chooses how
        # the next batch is searched (one call first, or one per limit), never what it gives.
        self._rows_run_long = False

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return [len(tokens) for tokens in self._source_tokens(texts)]

    def translate_batch(
        self, texts: Sequence[str], *, beam_size: int, max_new_tokens: Sequence[int]
    ) -> list[Decoded]:
        """Translate ``texts`` in one batch; ``max_new_tokens[i]`` bounds row i alone.

        The limit means what it means for the transformers backend: at most ``limit``
        output tokens, end-of-sentence included (forced as token number ``limit``). Each
        row gets exactly what a search of it alone with its own limit gives, although
        CTranslate2 takes one length limit per call: greedy search is cut per row;
        beam search keeps every row whose search was over before its limit mattered and
        searches the others again, grouped by limit (``_submit``, ``_finish``).

        mean_log_prob is the mean log-probability of the output tokens (end-of-sentence
        included) under the model: the search's own score when the model ended the
        sentence, else one forced-decoding pass (``score_batch``), the same quantity the
        transformers backend measures.
        """
        return next(iter(self.translate_batches([(texts, max_new_tokens)], beam_size=beam_size)))

    def translate_batches(
        self, batches: Iterable[tuple[Sequence[str], Sequence[int]]], *, beam_size: int
    ) -> Iterator[list[Decoded]]:
        """``translate_batch`` of each ``(texts, max_new_tokens)``, yielded in order.

        The searches of the next ``search.AHEAD`` batches are queued before a batch's
        results are read (``search.searched_ahead``), so the workers never wait for Python
        between batches: measured 1.13x faster on 200 FLORES lines (issue 15). What a row
        gets does not depend on it.
        """
        return searched_ahead(batches, lambda batch: self._submit(*batch, beam_size), self._finish)

    def _source_tokens(self, texts: Sequence[str]) -> list[list[str]]:
        return [self.tokenizer.encode(text) for text in texts]

    def _submit(
        self, texts: Sequence[str], max_new_tokens: Sequence[int], beam_size: int
    ) -> Pending:
        """Queue the first search of a batch (see ``_finish`` for the rest)."""
        # However generous the guard, the decoder cannot run past its positions.
        limits = [max(1, min(n, self.max_output_tokens)) for n in max_new_tokens]
        if len(limits) != len(texts):
            raise ValueError("max_new_tokens needs one limit per text")
        sources = self._source_tokens(texts)
        todo = [i for i, limit in enumerate(limits) if limit > 1]
        pending = Pending(sources, limits, beam_size, todo, whole=True, calls=[])
        if not todo:
            return pending
        top = max(limits[i] for i in todo)
        if beam_size == 1 or not self._rows_run_long:
            # Greedy search is prefix-stable: a row's first tokens never depend on the
            # limit, so one call at the largest limit, each row cut at its own, is exact.
            # Beam search: one call for the whole batch at its largest limit settles every
            # row whose search was over before its own limit mattered (exactly the
            # per-limit result, see ``_start``): with a real model, almost every row.
            pending.calls = self._start(sources, [(todo, top)], beam_size)
        else:
            pending.whole = False
            pending.calls = self._start(sources, by_limit(todo, limits), beam_size)
        return pending

    def _finish(self, pending: Pending) -> list[Decoded]:
        """The batch's rows: its first search read, the rows it did not settle searched
        again with their own limits, the rows that did not end scored."""
        limits, todo, beam_size = pending.limits, pending.todo, pending.beam_size
        rows: list[Hypothesis] = [NOTHING for _ in limits]
        searched = collect(pending.calls, self._searched)
        if beam_size == 1:
            for i, found in searched.items():
                rows[i] = cut(found.best, limits[i])
        elif pending.whole:
            top = max((limits[i] for i in todo), default=0)
            left = []
            for i, found in searched.items():
                if limits[i] == top or found.last_step <= limits[i] - 3:
                    rows[i] = found.best
                else:
                    left.append(i)
            again = collect(
                self._start(pending.sources, by_limit(left, limits), beam_size), self._searched
            )
            for i, found in again.items():
                rows[i] = found.best
            # Decided on the whole batch only: the rows searched again are the ones that ran
            # long, so counting them would nearly always switch the next batch to one search
            # per limit (issue 15: 2.35x slower on the next article).
            if todo:
                self._rows_run_long = 2 * len(left) > len(todo)
        else:
            for i, found in searched.items():
                rows[i] = found.best
            # Every row was searched with its own limit: again a view of the whole batch.
            ran_long = sum(s.last_step > limits[i] - 3 for i, s in searched.items())
            self._rows_run_long = 2 * ran_long > len(todo)
        self._score_unended(pending.sources, rows)
        return [self._decoded(row, limit) for row, limit in zip(rows, limits, strict=True)]

    def _score_unended(self, sources: list[list[str]], rows: list[Hypothesis]) -> None:
        """Give the rows the model did not end their mean log-probability, by one
        forced-decoding pass."""
        unscored = [i for i, row in enumerate(rows) if row.mean_log_prob is None]
        if not unscored:
            return
        scored = self.translator.score_batch(
            [sources[i] for i in unscored],
            [self.target_prefix + rows[i].tokens for i in unscored],
            max_input_length=0,
            # One sentence at a time: scoring holds its length x 54,796 logits at once.
            max_batch_size=1,
        )
        forced = len(self.target_prefix)
        for i, result in zip(unscored, scored, strict=True):
            # End-of-sentence appended by CTranslate2; the forced tokens left out.
            log_probs = list(result.log_probs)[forced:]
            rows[i] = Hypothesis(rows[i].tokens, rows[i].ended, mean_of(log_probs))

    def _start(
        self, sources: list[list[str]], groups: list[tuple[list[int], int]], beam_size: int
    ) -> list[Call]:
        """Queue the search of every ``(indices, limit)`` group, each with its own limit
        (>= 2), all at once so that the workers run them in parallel.

        last_step: CTranslate2 ends a row's beam search once ``beam_size`` hypotheses have
        finished (patience 1 and length penalty 1: no early exit), and returns them best
        first; at least one of them finished on the row's last step (before it, fewer than
        ``beam_size`` had), so the longest returned hypothesis tells that step. A search
        with a smaller limit L runs the very same steps up to its last one, L - 2, where it
        counts every live beam as finished; so a row whose search was over by step L - 3
        gets the same result with L.

        """
        pending: list[Call] = []
        for group, limit in groups:
            for indices in balanced_parts(group, [len(sources[i]) for i in group], self.threads):
                pending.append(
                    Call(indices, limit, self._queue(sources, indices, limit, beam_size))
                )
        return pending

    def _queue(
        self, sources: list[list[str]], indices: list[int], limit: int, beam_size: int
    ) -> list[Any]:
        """One asynchronous CTranslate2 search of the rows ``indices``: one worker's job."""
        return list(
            self.translator.translate_batch(
                [sources[i] for i in indices],
                asynchronous=True,
                max_batch_size=len(indices),
                beam_size=beam_size,
                num_hypotheses=beam_size,
                length_penalty=1.0,
                patience=1.0,
                # The transformers backend forces end-of-sentence as token number
                # ``limit``; CTranslate2 produces at most ``limit - 1`` and we append it.
                # Its length counts the target prefix.
                max_decoding_length=limit - 1 + len(self.target_prefix),
                target_prefix=[self.target_prefix] * len(indices) if self.target_prefix else None,
                min_decoding_length=0,  # like transformers: end-of-sentence allowed at once
                max_input_length=0,  # never truncate silently; the engine bounds the input
                return_scores=True,
                return_end_token=True,
            )
        )

    def _searched(self, result: Any, limit: int) -> Searched:
        forced = len(self.target_prefix)
        hypotheses = [list(h)[forced:] for h in result.hypotheses]
        best = hypotheses[0]
        ended = bool(best) and best[-1] == self.eos
        # With length penalty 1 and end-of-sentence in the hypothesis, the score is the mean
        # log-probability of the output tokens under the model; the forced prefix counts in
        # its length at log-probability 0 (as in transformers' beam scores), so undo that.
        mean = float(result.scores[0]) * (len(best) + forced) / len(best) if ended else None
        if all(h and h[-1] == self.eos for h in hypotheses):
            last_step = max(len(h) for h in hypotheses) - 1
        else:
            last_step = limit  # this call's own limit cut the search
        return Searched(Hypothesis(best[:-1] if ended else best, ended, mean), last_step)

    def translate_alternatives(
        self,
        texts: Sequence[str],
        *,
        beam_size: int,
        max_new_tokens: Sequence[int],
        count: int,
    ) -> list[list[Decoded]]:
        """The ``count`` best hypotheses of each text's beam search (``num_hypotheses``),
        best first, scored like ``translate_batch``'s. One search per text with its own
        limit: only the few sentences that miss a glossary term come here."""
        count = min(count, beam_size)
        forced = len(self.target_prefix)
        results = []
        for tokens, wanted in zip(self._source_tokens(texts), max_new_tokens, strict=True):
            limit = max(2, min(wanted, self.max_output_tokens))
            (found,) = self.translator.translate_batch(
                [tokens],
                beam_size=beam_size,
                num_hypotheses=count,
                length_penalty=1.0,
                patience=1.0,
                max_decoding_length=limit - 1 + forced,
                target_prefix=[self.target_prefix] if self.target_prefix else None,
                min_decoding_length=0,
                max_input_length=0,
                return_scores=True,
                return_end_token=True,
            )
            rows = []
            for hypothesis, score in zip(found.hypotheses, found.scores, strict=True):
                out = list(hypothesis)[forced:]
                ended = bool(out) and out[-1] == self.eos
                # As in _searched: the forced prefix counted at log-probability 0, undone.
                mean = float(score) * len(hypothesis) / len(out) if ended else None
                rows.append(Hypothesis(out[:-1] if ended else out, ended, mean))
            self._score_unended([tokens] * len(rows), rows)
            results.append([self._decoded(row, limit) for row in rows])
        return results

    def _decoded(self, row: Hypothesis, limit: int) -> Decoded:
        text = self.tokenizer.decode(row.tokens)
        length = len(row.tokens) + 1  # end-of-sentence: the model's own, or forced
        mean = row.mean_log_prob if row.mean_log_prob is not None else 0.0
        return Decoded(text=text, tokens=length, mean_log_prob=mean, hit_limit=length >= limit)
