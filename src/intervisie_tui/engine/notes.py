"""The notes field that every phase records besides the fields its protocol declares.

Typing during a meeting must always have a place to go, also in a phase that declares no field.
Kept free of pydantic, so the document renderers (which work on plain JSON) know it too.
"""

from __future__ import annotations

NOTES_FIELD_ID = "aantekeningen"
NOTES_LABEL = "Aantekeningen"
