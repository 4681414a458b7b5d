"""The Textual front end: it drives the engine and observes its snapshots, nothing more."""
