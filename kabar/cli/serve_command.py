"""``kabar serve`` (the UI and the HTTP APIs on one server) and ``kabar keys`` (its API keys).

FastAPI, uvicorn and Gradio are imported only when the command runs.
"""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from kabar.cli.arguments import int_in_range
from kabar.cli.engine_arguments import add_engine_arguments, load_translator
from kabar.core.errors import KabarError, OptionsError
from kabar.serve.keys import KeyStore
from kabar.serve.settings import LOOPBACK_HOSTS, ServeSettings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 5000  # LibreTranslate's port: clients' defaults point here
DEFAULT_KEYS = Path("kabar-keys.json")


class ServeError(KabarError):
    """The server cannot start (the port is taken, the address cannot be bound)."""


def check_port(host: str, port: int) -> None:
    """Fail with what to do before the model loads, not after, when the port is taken."""
    try:
        with socket.create_server((host, port), reuse_port=False):
            pass
    except OSError:
        raise ServeError(
            f"cannot serve on {host}:{port}: the port is in use or the address cannot be "
            "bound here. Choose another port with --port N, or another address with --host."
        ) from None


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the UI, a LibreTranslate-compatible API and kabar's JSON API",
        description="One server, one loaded model: the UI at /ui, the LibreTranslate API "
        "(/translate, /detect, /languages, /translate_file, ...), kabar's API (/v1/...), "
        f"OpenAPI docs at /docs. Listens on {DEFAULT_HOST} (this machine) unless told.",
    )
    add_engine_arguments(serve)
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    serve.add_argument(
        "--port", type=int_in_range(1, 65535), default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}"
    )
    serve.add_argument(
        "--api-keys",
        type=Path,
        default=None,
        metavar="FILE",
        help="require an api_key from `kabar keys add` on every translation",
    )
    serve.add_argument(
        "--no-auth",
        action="store_true",
        help="serve without keys on an address other than this machine's (anyone may use it)",
    )
    serve.add_argument(
        "--cors",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="let web pages from ORIGIN call the API (repeatable; default none)",
    )
    defaults = ServeSettings()
    limits = serve.add_argument_group("limits")
    for name, value, what in (
        ("char-limit", defaults.char_limit, "characters per request"),
        ("max-items", defaults.max_items, "texts in one q list"),
        ("body-bytes", defaults.body_bytes, "bytes of a request body"),
        ("upload-bytes", defaults.upload_bytes, "bytes of an uploaded file"),
        ("queue-size", defaults.queue_size, "requests waiting for the engine (then 503)"),
        ("batch-requests", defaults.batch_requests, "requests sharing one engine call"),
        ("batch-chars", defaults.batch_chars, "characters of text in one engine call"),
        ("requests-per-minute", defaults.requests_per_minute, "per key or address; 0 = none"),
        ("chars-per-minute", defaults.chars_per_minute, "per key or address; 0 = none"),
    ):
        floor = 0 if name.endswith("minute") else 1
        limits.add_argument(
            f"--{name}", type=int_in_range(floor), default=value, help=f"{what} (default {value:,})"
        )
    limits.add_argument(
        "--timeout",
        type=float,
        default=defaults.request_seconds,
        help=f"seconds a request may wait for the engine (default {defaults.request_seconds:g})",
    )
    limits.add_argument(
        "--batch-wait-ms",
        type=float,
        default=defaults.batch_wait_ms,
        help="how long the engine waits to batch concurrent requests together "
        f"(default {defaults.batch_wait_ms:g}; 0 = one at a time)",
    )
    serve.add_argument(
        "--brief",
        choices=("extractive", "textrank", "none"),
        default="extractive",
        help="how briefs are made (/v1/translate with brief, /v1/summarize, the UI)",
    )
    serve.add_argument("--no-ui", action="store_true", help="the APIs only, no UI at /ui")
    serve.set_defaults(run=run_serve)

    keys = commands.add_parser(
        "keys",
        help="manage kabar serve's API keys",
        description="API keys for `kabar serve --api-keys FILE`; only their hashes are stored.",
    )
    keys.add_argument("--file", type=Path, default=DEFAULT_KEYS, help=f"default {DEFAULT_KEYS}")
    actions = keys.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="make a key (shown once)")
    add.add_argument("name", help="who uses it, e.g. mastodon")
    add.add_argument("--requests-per-minute", type=int_in_range(0), default=None)
    add.add_argument("--chars-per-minute", type=int_in_range(0), default=None)
    actions.add_parser("list", help="the keys (ids, names, limits; never the keys)")
    revoke = actions.add_parser("revoke", help="revoke a key by id or name")
    revoke.add_argument("key", help="its id or name (`kabar keys list`)")
    keys.set_defaults(run=run_keys)


def run_keys(args: argparse.Namespace) -> int:
    store = KeyStore.open(args.file, must_exist=args.action != "add")
    if args.action == "add":
        store, key = store.add(
            args.name,
            requests_per_minute=args.requests_per_minute,
            chars_per_minute=args.chars_per_minute,
        )
        print(key)
        print(
            f"kabar: key {store.keys[-1].id} ({args.name}) added to {args.file}; it is shown "
            "only now.",
            file=sys.stderr,
        )
    elif args.action == "list":
        for k in store.keys:
            state = "revoked" if k.revoked else "live"
            rpm = "default" if k.requests_per_minute is None else k.requests_per_minute
            cpm = "default" if k.chars_per_minute is None else k.chars_per_minute
            print(f"{k.id}  {k.name}  {state}  created {k.created}  {rpm} req/min  {cpm} chars/min")
    else:
        store, gone = store.revoke(args.key)
        for k in gone:
            print(f"kabar: revoked {k.id} ({k.name})", file=sys.stderr)
    return 0


def settings_of(args: argparse.Namespace) -> ServeSettings:
    return ServeSettings(
        char_limit=args.char_limit,
        max_items=args.max_items,
        body_bytes=args.body_bytes,
        upload_bytes=args.upload_bytes,
        request_seconds=args.timeout,
        queue_size=args.queue_size,
        batch_wait_ms=args.batch_wait_ms,
        batch_requests=args.batch_requests,
        batch_chars=args.batch_chars,
        requests_per_minute=args.requests_per_minute,
        chars_per_minute=args.chars_per_minute,
        require_keys=args.api_keys is not None,
        cors_origins=tuple(args.cors),
    )


def check_exposure(args: argparse.Namespace) -> str:
    """What start-up says about who can use the server; OptionsError for an address other
    than this machine's without keys or an explicit --no-auth."""
    local = args.host in LOOPBACK_HOSTS
    if args.api_keys is not None:
        return f"API keys required (from {args.api_keys})"
    if not local and not args.no_auth:
        raise OptionsError(
            f"--host {args.host} opens the server to the network: give --api-keys FILE "
            "(make keys with `kabar keys add NAME`), or --no-auth to let anyone use it."
        )
    if not local:
        return "no API keys (--no-auth): anyone who can reach this address can use it"
    return "no API keys: only this machine can connect"


def run_serve(args: argparse.Namespace) -> int:
    exposure = check_exposure(args)
    settings = settings_of(args)  # bad limits fail before the model loads
    check_port(args.host, args.port)
    keys = KeyStore.open(args.api_keys, must_exist=True) if args.api_keys is not None else None
    translator = load_translator(args)

    import uvicorn

    from kabar.serve.app import build_server
    from kabar.serve.protocol import server_options
    from kabar.ui.briefs import load_summarizer

    summarizer, why_not = load_summarizer(args.brief)
    if why_not:
        print(f"kabar: note: no brief: {why_not}.", file=sys.stderr)
    app, state = build_server(
        translator,
        settings,
        keys=keys,
        summarizer=summarizer,  # type: ignore[arg-type]
        summarizer_note=why_not,
        ui=not args.no_ui,
    )
    where = f"http://{args.host}:{args.port}"
    print(
        f"kabar: serving on {where} ({exposure}); UI {where}/ui, API docs {where}/docs "
        "(Ctrl+C to stop)",
        file=sys.stderr,
    )
    try:
        uvicorn.run(app, host=args.host, port=args.port, **server_options(settings))
    finally:
        state.worker.close()
        state.files.close()
    return 0
