"""One version number: the package's and the one pip installs must agree, because the session
fixtures are kept per version (tests/fixtures/sessions-<version>/)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from intervisie_tui import __version__
from tests.engine.test_old_files import VERSIONS

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_and_pyproject_name_the_same_version() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["version"] == __version__


def test_every_released_version_before_this_one_has_session_fixtures() -> None:
    folders = sorted(p.name for p in (ROOT / "tests" / "fixtures").glob("sessions-*"))
    assert "sessions-0.1.0" in folders
    assert f"sessions-{__version__}" in folders, "write this version's fixtures before release"


def test_every_fixture_folder_is_tested() -> None:
    """A folder left out of the old-files tests' ``VERSIONS`` would be kept and never read."""
    folders = {p.name for p in (ROOT / "tests" / "fixtures").glob("sessions-*")}
    assert folders == {f"sessions-{version}" for version in VERSIONS}
