"""Indonesian→English test sets by NAME, and reading one-segment-per-line files.

A test set NAME is two aligned files, ``NAME.ind`` (source) and ``NAME.eng`` (reference),
in the folder given by ``--data-dir`` or ``$KABAR_DATA`` (the OPUS-MT-testsets names and
layout). Where that folder does not hold them, sacrebleu's own downloader is tried, but
only for a set sacrebleu's registry knows for id-en and only when the network allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kabar.core import settings
from kabar.core.errors import InputError, KabarError, OptionsError
from kabar.core.reading.decode import decode_text, read_file_bytes

SOURCE_SUFFIX = ".ind"
REFERENCE_SUFFIX = ".eng"
SACREBLEU_LANGPAIR = "id-en"
# Where the project's sibling data folder keeps the test sets on the development machines;
# only ever suggested in a message, never read implicitly.
SHARED_TESTSETS = Path(__file__).resolve().parents[2] / "shared" / "data" / "testsets"


@dataclass(frozen=True)
class KnownTestSet:
    """A known test set of ``segments`` lines. ``sacrebleu_name`` is the name to ask
    sacrebleu's registry for; sacrebleu 2.6 holds none of these sets for id-en, so today the
    fallback only ever ends in the "not found" message."""

    name: str
    description: str
    sacrebleu_name: str
    segments: int


TESTSETS: dict[str, KnownTestSet] = {
    info.name: info
    for info in (
        KnownTestSet(
            "flores200-devtest",
            "FLORES-200 devtest (= FLORES-101 devtest for id/en), 1012 Wikimedia sentences",
            "flores200/devtest",
            1012,
        ),
        KnownTestSet("tico19-test", "TICO-19 test, 2100 COVID-19 sentences", "tico19/test", 2100),
        KnownTestSet(
            "tatoeba-v2021-08-07",
            "Tatoeba (2021-08-07 release), 4289 short everyday sentences",
            "tatoeba/v2021-08-07",
            4289,
        ),
        KnownTestSet("ntrex128", "NTREX-128, 1997 news sentences", "ntrex128", 1997),
    )
}
TESTSET_NAMES = tuple(TESTSETS)


class MissingTestSetError(KabarError):
    """A named test set is neither in the data folder nor obtainable through sacrebleu."""


@dataclass(frozen=True)
class ResolvedTestSet:
    """Where a test set's aligned source and reference file(s) are, and how they were
    found (``--data-dir``, ``KABAR_DATA`` or ``sacrebleu``)."""

    name: str
    source: Path
    references: tuple[Path, ...]
    origin: str


def resolve_testset(name: str, data_dir: Path | None = None) -> ResolvedTestSet:
    """Find test set ``name``: ``data_dir`` (else ``$KABAR_DATA``) first, then sacrebleu.

    Raises OptionsError for an unknown name, MissingTestSetError (saying where to put
    the files) when neither source has the set.
    """
    info = TESTSETS.get(name)
    if info is None:
        raise OptionsError(f"unknown test set {name!r}; choose one of: {', '.join(TESTSETS)}")
    problems: list[str] = []
    folder, origin = (data_dir, "--data-dir") if data_dir is not None else _env_folder()
    if folder is not None:
        source, reference = folder / (name + SOURCE_SUFFIX), folder / (name + REFERENCE_SUFFIX)
        if source.is_file() and reference.is_file():
            return ResolvedTestSet(name, source, (reference,), origin)
        missing = " and ".join(p.name for p in (source, reference) if not p.is_file())
        problems.append(f"{folder} ({origin}) has no {missing}")
    else:
        problems.append(f"neither --data-dir nor {settings.DATA.name} is set")
    from_sacrebleu = _from_sacrebleu(info, problems)
    if from_sacrebleu is not None:
        return from_sacrebleu
    raise MissingTestSetError(_not_found_message(name, problems))


def known_testset_for(reference: Path) -> str | None:
    """The known test set whose reference file name ``reference`` has (``NAME.eng``), else
    None: files laid out for ``--data-dir`` keep their identity when scored directly."""
    for name in TESTSETS:
        if reference.name == name + REFERENCE_SUFFIX:
            return name
    return None


def _env_folder() -> tuple[Path | None, str]:
    value = settings.value(settings.DATA)
    return (Path(value) if value else None), settings.DATA.name


def _from_sacrebleu(info: KnownTestSet, problems: list[str]) -> ResolvedTestSet | None:
    """The set through sacrebleu's downloader, or None (with the reason in ``problems``)."""
    import sacrebleu
    from sacrebleu import utils

    if SACREBLEU_LANGPAIR not in utils.get_langpairs_for_testset(info.sacrebleu_name):
        problems.append(
            f"sacrebleu {sacrebleu.__version__} does not provide it for {SACREBLEU_LANGPAIR}"
        )
        return None
    try:
        source = Path(utils.get_source_file(info.sacrebleu_name, SACREBLEU_LANGPAIR))
        references = utils.get_reference_files(info.sacrebleu_name, SACREBLEU_LANGPAIR)
    # sacrebleu's downloader raises OSError/URLError offline and calls sys.exit on a bad
    # checksum or SSL failure; either way the set is unavailable, not a crash.
    except (Exception, SystemExit) as error:
        problems.append(
            f"sacrebleu could not download {info.sacrebleu_name} ({type(error).__name__}: {error})"
        )
        return None
    return ResolvedTestSet(info.name, source, tuple(Path(r) for r in references), "sacrebleu")


def _not_found_message(name: str, problems: list[str]) -> str:
    lines = [
        f"test set {name!r} not found: {'; '.join(problems)}.",
        f"Put {name}{SOURCE_SUFFIX} (Indonesian) and {name}{REFERENCE_SUFFIX} (English), one "
        "segment per line, in a folder and pass --data-dir DIR or set "
        f"{settings.DATA.name}=DIR; or "
        "give the files directly with --src FILE --ref FILE.",
    ]
    if (SHARED_TESTSETS / (name + SOURCE_SUFFIX)).is_file():
        lines.append(f"On this machine: --data-dir {SHARED_TESTSETS}")
    elif SHARED_TESTSETS.is_dir():
        held = sorted(p.stem for p in SHARED_TESTSETS.glob("*" + SOURCE_SUFFIX))
        lines.append(
            f"On this machine {SHARED_TESTSETS} holds {', '.join(held) or 'no test set'}, "
            f"not {name}."
        )
    return " ".join(lines)


def read_lines(path: Path) -> list[str]:
    """The lines of a one-segment-per-line file (UTF-8, or as ``decode_text`` accepts).

    Only ``\\n`` (with an optional ``\\r`` before it) ends a line, as in sacrebleu and
    ``wc -l``; the final line break does not start an extra, empty segment. Raises
    InputError for a missing, unreadable or binary file.
    """
    if path.is_dir():
        raise InputError(f"{path} is a folder; give a file with one segment per line.")
    # Not read_article: a segment file is aligned line by line, so no HTML reduction and
    # no article size limit; its bytes are decoded under the same rules all the same.
    text, _, _ = decode_text(read_file_bytes(path, name=str(path)), name=str(path))
    if not text:
        return []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]
