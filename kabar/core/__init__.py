"""Infrastructure shared by ``translate``, ``summarize``, ``ui``, ``eval`` and the CLI:
errors, reading an article from any source, the sentence splitter, model lookup on the
Hugging Face hub, atomic writes.

Nothing here imports numpy, torch or any other package of the layers above it, so
``kabar split`` starts fast.
"""
