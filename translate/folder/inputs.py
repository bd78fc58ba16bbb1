"""The folder job's first pass: which inputs to translate, and from where.

Each input is read once here, its bytes hashed while its format checks them (and counts
its sentences for the progress total). An input the ledger's manifest says is done with
this content and these settings is skipped; a bad one fails now, before the model is
loaded; the rest become ``ActiveDocument``s, continued from their checkpoint when one
matches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from kabar.core.errors import InputError, OptionsError
from kabar.core.language import INDONESIAN, NAMES, detect_language, is_other_language
from kabar.core.reading.decode import file_chunks
from kabar.translate.documents.base import Document, open_document, output_names
from kabar.translate.documents.registry import writer_of
from kabar.translate.documents.single import LANGUAGE_SAMPLE_CHARS
from kabar.translate.folder.discovery import Found
from kabar.translate.folder.ledger import Ledger, checkpoint_identity
from kabar.translate.folder.options import FolderJobOptions
from kabar.translate.folder.report import FAILED, SKIPPED, UNCHANGED, FileOutcome
from kabar.translate.folder.state import ActiveDocument

# The language is decided on this much of an input's text (an article, or the start
# of a long file or corpus): enough function words, bounded work.
_SAMPLE_CHARS = LANGUAGE_SAMPLE_CHARS
# The skip reason of an input whose text is not Indonesian (--skip-other-languages).
NOT_INDONESIAN = "not Indonesian"


@dataclass(frozen=True)
class Intake:
    """How this run reads and judges its inputs (options, extras asked for, OUT_DIR)."""

    options: FolderJobOptions
    features: Mapping[str, Any]
    out_dir: Path

    def plan(
        self,
        inputs: Sequence[Found],
        ledger: Ledger,
        outcomes: list[FileOutcome],
        *,
        count_sentences: bool,
    ) -> list[ActiveDocument]:
        """Inputs still to translate; the others' outcomes go to ``outcomes`` as they are
        known (skipped: done already, failed: unreadable or unusable), so a run
        interrupted while planning reports them."""
        pending = []
        for found in inputs:
            outputs = output_names(found.rel, self.options.documents).names
            document = open_document(
                found.path,
                name=str(found.rel),
                out_dir=self.out_dir,
                options=self.options.documents,
            )
            hasher = hashlib.sha256()
            try:
                # Hash while the format checks: one read, whatever the outcome.
                sentences = document.scan(_hashed(found, hasher), count_sentences=count_sentences)
                sha256 = hasher.hexdigest()
            except InputError as error:
                outcomes.append(outcome(found, FAILED, reason(error, found)))
                continue
            done = ledger.finished(
                str(found.rel), sha256, self.settings(found), map(str, outputs), self.features
            )
            if done is not None:
                # What the outputs hold (e.g. a corpus's failed records) still counts.
                skipped = outcome(
                    found, SKIPPED, UNCHANGED, outputs=done.outputs, details=done.extra
                )
                outcomes.append(skipped)
                continue
            looks = self.language(found)
            if looks is not None:
                document.details["language"] = looks
                if looks != NAMES[INDONESIAN] and self.options.skip_other_languages:
                    why = f"{NOT_INDONESIAN}: it looks {looks} (--skip-other-languages)"
                    outcomes.append(outcome(found, SKIPPED, why, details={"language": looks}))
                    continue
            active = ActiveDocument(found, sha256, outputs, document, sentences)
            self._resume(active, ledger)
            pending.append(active)
        return pending

    def language(self, found: Found) -> str | None:
        """What ``found``'s text looks like (``NAMES``), decided as ``kabar translate``
        decides (``is_other_language``) on its first ``_SAMPLE_CHARS`` characters as its
        format reads them (a fresh reader: the one planned is left unread); None when
        the format cannot read it now (its translation will say why)."""
        sample = open_document(
            found.path, name=str(found.rel), out_dir=self.out_dir, options=self.options.documents
        )
        text = _sample(sample)
        if text is None:
            return None
        if not is_other_language(text):
            return NAMES[INDONESIAN]
        return detect_language([text]).name

    def _resume(self, active: ActiveDocument, ledger: Ledger) -> None:
        """Continue ``active`` from its checkpoint when one matches its input and these
        settings (and its temporary files are intact); else it starts from zero."""
        document, english = active.document, active.outputs[0]
        identity = self.identity(active) if document.resumable else None
        checkpoint = ledger.resume_point(english, identity)
        if checkpoint is None:
            return
        try:
            document.restore(checkpoint.state, checkpoint.lengths)
        except (OSError, ValueError, KeyError, TypeError):
            ledger.discard(english, checkpoint)
            return
        active.units_done = active.resumed_units = checkpoint.units
        active.resumed_sentences = active.sentences_done = document.tally.sentences

    def identity(self, active: ActiveDocument) -> dict[str, Any]:
        """What ``active``'s checkpoint records, and a rerun's must match."""
        return checkpoint_identity(
            rel=active.found.rel,
            sha256=active.sha256,
            settings=self.settings(active.found),
            features=self.features,
            documents=asdict(self.options.documents),
            outputs=active.outputs,
        )

    def settings(self, found: Found) -> dict[str, Any]:
        """What makes ``found``'s outputs: the engine's settings and its format's."""
        document = writer_of(found.rel.name, self.options.documents)
        extra = document.output_settings(self.options.documents) if document else {}
        return {**self.options.settings, **extra}


def features_of(options: FolderJobOptions) -> dict[str, Any]:
    """The extras a run writes (JSON, brief and the brief's settings), as the manifest
    and checkpoints record them."""
    documents = options.documents
    return {
        **({"json": True} if documents.json else {}),
        **({"json_in_records": True} if documents.json and documents.json_in_records else {}),
        **({"brief": True, **options.features} if documents.brief else {}),
    }


def outcome(
    found: Found,
    status: str,
    reason: str,
    *,
    outputs: tuple[Any, ...] = (),
    details: Mapping[str, Any] | None = None,
) -> FileOutcome:
    """A skipped or failed input's line in the report."""
    return FileOutcome(
        str(found.rel),
        status,
        reason,
        kind=found.kind,
        outputs=tuple(map(str, outputs)),
        details=dict(details or {}),
    )


def reason(error: InputError, found: Found) -> str:
    """The error message without the file name the report already gives."""
    message = str(error)
    name = str(found.rel)
    for prefix in (f"{name} ", f"{name}: "):
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message.replace(f" {name}:", ":").replace(f" {name}", "")


def check_folders(in_dir: Path, out_dir: Path) -> tuple[Path, Path]:
    """Absolute folders; OptionsError when IN_DIR is not a folder or the two overlap in a
    way that would mix outputs with inputs."""
    if not in_dir.is_dir():
        problem = "does not exist" if not in_dir.exists() else "is not a folder"
        raise OptionsError(f"IN_DIR {in_dir} {problem}.")
    if out_dir.exists() and not out_dir.is_dir():
        raise OptionsError(f"OUT_DIR {out_dir} exists and is not a folder.")
    real_in, real_out = in_dir.resolve(), out_dir.resolve()
    if real_in == real_out:
        raise OptionsError("OUT_DIR must differ from IN_DIR (a rerun would read the outputs).")
    if real_out in real_in.parents:
        raise OptionsError(
            f"OUT_DIR {out_dir} contains IN_DIR {in_dir}: outputs could land among the inputs. "
            "Choose an output folder outside it (inside IN_DIR is fine)."
        )
    return in_dir.absolute(), out_dir.absolute()


def _sample(document: Document[Any]) -> str | None:
    """The text of ``document``'s first units, up to about ``_SAMPLE_CHARS``."""
    units = document.units()
    texts: list[str] = []
    size = 0
    try:
        for unit in units:
            texts.append(unit.text)
            size += len(unit.text)
            if size >= _SAMPLE_CHARS:
                break
    except (InputError, OSError):
        return None
    finally:
        close = getattr(units, "close", None)
        if close is not None:
            close()  # the reader's open file
    return "\n\n".join(texts)


def _hashed(found: Found, hasher: Any) -> Iterator[bytes]:
    """The bytes of ``found`` in chunks, each also fed to ``hasher``."""
    for chunk in file_chunks(found.path, name=str(found.rel)):
        hasher.update(chunk)
        yield chunk
