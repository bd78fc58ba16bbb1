"""The card's folders are imported only as ``kabar.<folder>``.

From the repository root, ``import translate`` would find the folder by its bare name and
load its modules a second time, as other objects (two ``Translator`` classes, two option
types that fail ``isinstance``). Each folder's ``__init__`` calls this first.
"""

from __future__ import annotations


def only_as_kabar(name: str) -> None:
    """Raise ImportError unless the package ``name`` is being imported as ``kabar.<x>``."""
    if not name.startswith("kabar."):
        raise ImportError(
            f"import kabar.{name}, not {name}: kabar's folders are one package, `kabar` "
            f"(pip install -e . from the repository, then `from kabar.{name} import …`)"
        )
