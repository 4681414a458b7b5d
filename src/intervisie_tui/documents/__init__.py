"""Documents made from sessions and protocols: Markdown, printable HTML and the terminal view.

Nothing here imports pydantic or Textual: the renderers work on plain data (see ``common``), so
``intervisie show`` and ``export`` start fast. Import the renderer you need from its module
(``documents.markdown.render_markdown``, ``documents.html.render_html``,
``documents.terminal.render_terminal``, ``documents.preparation.render_preparation``); the
terminal one pulls in Rich.
"""
