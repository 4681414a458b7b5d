"""intervisie-tui: timed intervision rounds for teams of primary-school teachers."""

__version__ = "0.2.0"

# Set to see a crash's full traceback. Without it, a crash is one line: a traceback shows the
# values of local variables, and those can be a child's data.
ENV_DEBUG = "INTERVISIE_DEBUG"
