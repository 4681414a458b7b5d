"""Benchmarks for intervisie-tui: run them with ``python -m bench`` from the repository root."""
