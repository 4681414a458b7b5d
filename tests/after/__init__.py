"""Tests of the after-the-meeting feature: listing, follow-up, documents, stats, retention."""
