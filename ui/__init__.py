"""The Gradio UI of kabar: ``kabar.ui.app.build_app(translator, summarizer)`` and ``kabar ui``.

Nothing is imported here: Gradio takes seconds to import, and only ``kabar ui`` needs it.
"""

from kabar._guard import only_as_kabar

only_as_kabar(__name__)
