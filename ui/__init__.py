"""The Gradio UI of kabar: ``ui.app.build_app(translator, summarizer)`` and ``kabar ui``.

Nothing is imported here: Gradio takes seconds to import, and only ``kabar ui`` needs it.
"""
