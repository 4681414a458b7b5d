"""intervisie-tui: timed intervision rounds for teams of primary-school teachers."""

__version__ = "0.1.0"
