"""The pure engine: protocol models, timing, session state and persistence.

Nothing in this package may import Textual: the command line and the tests use it without a
terminal, and a test enforces that.
"""
