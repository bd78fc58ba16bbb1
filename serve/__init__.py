"""``kabar serve``: one process, one engine, one HTTP server for the UI, the
LibreTranslate-compatible API and kabar's own JSON API, with keys and limits.

Importing this package starts nothing and loads no model: ``kabar.serve.app.build_server``
builds the ASGI app, ``kabar serve`` runs it.
"""

from kabar._guard import only_as_kabar

only_as_kabar(__name__)
