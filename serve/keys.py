"""API keys, hashed at rest: ``kabar keys add|list|revoke`` writes them, the server checks them.

A key is 32 random bytes (``kabar_`` + URL-safe base64) shown once, when it is made; the
file keeps only its SHA-256. A slow password hash (bcrypt, scrypt) protects guessable
secrets; a 256-bit random key cannot be guessed, so one fast hash is enough and checking a
key costs microseconds per request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kabar.core.atomic import atomic_write
from kabar.core.errors import InputError, OptionsError

KEY_PREFIX = "kabar_"
FILE_VERSION = 1


@dataclass(frozen=True)
class ApiKey:
    """One key as stored: never the key itself. ``requests_per_minute`` and
    ``chars_per_minute`` None: the server's defaults."""

    id: str
    name: str
    sha256: str
    created: str
    requests_per_minute: int | None = None
    chars_per_minute: int | None = None
    revoked: bool = False


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class KeyStore:
    """The keys in ``path`` (a JSON file, created on the first ``add``)."""

    def __init__(self, path: Path, keys: tuple[ApiKey, ...] = ()) -> None:
        self.path = path
        self.keys = keys
        self._by_digest = {k.sha256: k for k in keys if not k.revoked}

    @classmethod
    def open(cls, path: Path, *, must_exist: bool = False) -> KeyStore:
        """The store in ``path``; InputError, saying what to do, for a file that is not one."""
        if not path.exists():
            if must_exist:
                raise InputError(
                    f"the API keys file {path} does not exist: make a key with "
                    f"`kabar keys add NAME --file {path}`."
                )
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            keys = tuple(ApiKey(**entry) for entry in data["keys"])
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise InputError(
                f"{path} is not a kabar API keys file ({type(error).__name__}): give the file "
                "`kabar keys add` wrote, or a new path to start one."
            ) from None
        return cls(path, keys)

    def check(self, key: str) -> ApiKey | None:
        """The live key whose hash matches ``key``, or None."""
        found = self._by_digest.get(digest(key))
        # The dict lookup already matched; compare_digest keeps the final check constant-time.
        if found is not None and hmac.compare_digest(found.sha256, digest(key)):
            return found
        return None

    def add(
        self,
        name: str,
        *,
        requests_per_minute: int | None = None,
        chars_per_minute: int | None = None,
    ) -> tuple[KeyStore, str]:
        """A new key named ``name``: the new store (saved) and the key, shown only now."""
        if not name.strip():
            raise OptionsError("a key needs a name (who uses it, e.g. `mastodon`).")
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        entry = ApiKey(
            id=secrets.token_hex(4),
            name=name.strip(),
            sha256=digest(key),
            created=datetime.now(UTC).isoformat(timespec="seconds"),
            requests_per_minute=requests_per_minute,
            chars_per_minute=chars_per_minute,
        )
        store = KeyStore(self.path, (*self.keys, entry))
        store.save()
        return store, key

    def revoke(self, id_or_name: str) -> tuple[KeyStore, list[ApiKey]]:
        """Revoke the live keys with this id (or name): the new store (saved) and them."""
        hits = [k for k in self.keys if not k.revoked and id_or_name in (k.id, k.name)]
        if not hits:
            raise OptionsError(
                f"no live key has the id or name {id_or_name!r}: `kabar keys list` shows them."
            )
        keys = tuple(replace(k, revoked=True) if k in hits else k for k in self.keys)
        store = KeyStore(self.path, keys)
        store.save()
        return store, hits

    def save(self) -> None:
        data: dict[str, Any] = {"version": FILE_VERSION, "keys": [asdict(k) for k in self.keys]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with atomic_write(self.path) as handle:
            handle.write(json.dumps(data, indent=2) + "\n")
        os.chmod(self.path, 0o600)  # hashes only, but nobody else needs to read them
