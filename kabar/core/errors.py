"""Exceptions whose messages tell the user what to do next.

Library code raises these; only the edges (the CLI, the Gradio UI) turn them into an exit
code or a ``gr.Error``. Nothing here calls ``sys.exit``.
"""


class KabarError(Exception):
    """Base class: a user-facing problem with an actionable message."""


class ModelNotFoundError(KabarError):
    """The translation model is neither on disk nor downloadable right now."""


class InputError(KabarError):
    """The input cannot be translated as given (empty, binary, undecodable, too large)."""


class OptionsError(KabarError):
    """An option has an invalid value."""
