"""Which protocols are available, and which file each one comes from.

Three places are searched, later ones winning on equal ids: the set installed with the program,
``./protocols`` in the working folder, and an explicit ``--protocols-dir``. A coordinator adapts a
method by copying its file into one of the later places and editing the copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from intervisie_tui.engine.problems import FileProblems, Problem
from intervisie_tui.engine.protocol_loader import LoadedProtocol, load_protocol


def builtin_protocols_dir() -> Path:
    installed = Path(__file__).resolve().parent.parent / "builtin_protocols"
    if installed.is_dir():
        return installed
    # Running from a source checkout (editable install): the top-level protocols/ folder.
    return Path(__file__).resolve().parents[3] / "protocols"


@dataclass(frozen=True)
class CatalogEntry:
    loaded: LoadedProtocol
    origin: str  # "ingebouwd", "map" or "--protocols-dir"
    overrides: tuple[Path, ...] = ()


@dataclass
class Catalog:
    entries: dict[str, CatalogEntry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def get(self, protocol_id: str) -> CatalogEntry | None:
        return self.entries.get(protocol_id)

    def sorted_entries(self) -> list[CatalogEntry]:
        return sorted(self.entries.values(), key=lambda e: e.loaded.protocol.title.casefold())

    def current_versions(self) -> dict[str, str]:
        """Each protocol's version today (its file's sha256), by id: what a past session's
        version is held against in the browser, the reader's header and the statistics."""
        return {pid: entry.loaded.sha256 for pid, entry in self.entries.items()}


def search_dirs(extra: Path | None, cwd: Path | None = None) -> list[tuple[Path, str]]:
    dirs = [(builtin_protocols_dir(), "ingebouwd"), ((cwd or Path.cwd()) / "protocols", "map")]
    if extra is not None:
        dirs.append((extra, "--protocols-dir"))
    return dirs


def load_catalog(extra_dir: Path | None = None, cwd: Path | None = None) -> Catalog:
    catalog = Catalog()
    seen_files: set[Path] = set()
    for directory, origin in search_dirs(extra_dir, cwd):
        if not directory.is_dir():
            if origin == "--protocols-dir":
                catalog.problems.append(Problem(directory, None, "", "map bestaat niet"))
            continue
        for path in sorted(directory.glob("*.toml")):
            resolved = path.resolve()
            if resolved in seen_files:
                continue
            seen_files.add(resolved)
            try:
                loaded = load_protocol(path)
            except FileProblems as bad:
                catalog.problems.extend(bad.problems)
                continue
            protocol_id = loaded.protocol.id
            previous = catalog.entries.get(protocol_id)
            overrides = (*previous.overrides, previous.loaded.path) if previous else ()
            catalog.entries[protocol_id] = CatalogEntry(loaded, origin, overrides)
    return catalog
