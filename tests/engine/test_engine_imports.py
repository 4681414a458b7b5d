"""The engine and the read-only commands must work without Textual (fast start, SSH, CI), and
the command line's own modules load neither pydantic nor rich until a command needs them.

pytest itself has Textual loaded (the snapshot plugin), so this runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import intervisie_tui.engine
from intervisie_tui.engine.catalog import builtin_protocols_dir

SCRIPT = textwrap.dedent(
    """
    import contextlib
    import importlib
    import io
    import json
    import pkgutil
    import sys

    import intervisie_tui.engine as engine

    modules = []
    for info in pkgutil.walk_packages(engine.__path__, prefix="intervisie_tui.engine."):
        importlib.import_module(info.name)
        modules.append(info.name)

    from intervisie_tui import cli

    codes = []
    for argv in (
        ["validate", sys.argv[1]],
        ["protocols"],
        ["protocols", "--json"],
        ["schema", "session"],
        ["schema", "protocol"],
        ["protocols", "copy", "handelingsgericht", "eigen"],
    ):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            codes.append(cli.main(argv))
        assert out.getvalue(), argv

    loaded_ui = sorted(
        name for name in sys.modules
        if name == "textual" or name.startswith(("textual.", "intervisie_tui.ui"))
    )
    print(json.dumps({"modules": modules, "codes": codes, "ui": loaded_ui}))
    """
)


def test_engine_and_read_only_commands_do_not_import_textual(tmp_path: Path) -> None:
    protocol = builtin_protocols_dir() / "handelingsgericht.toml"
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(protocol)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["ui"] == []
    assert report["codes"] == [0, 0, 0, 0, 0, 0]
    expected = {
        "intervisie_tui.engine." + name
        for name in (
            "autosave",
            "catalog",
            "clock",
            "messages",
            "problems",
            "protocol",
            "protocol_loader",
            "runner",
            "session",
            "store",
            "toml_lines",
        )
    }
    assert expected <= set(report["modules"])


def test_the_engine_source_has_no_textual_import_even_a_lazy_one() -> None:
    engine = Path(intervisie_tui.engine.__file__).parent
    sources = sorted(engine.glob("*.py"))
    assert len(sources) >= 11
    offenders = [
        p.name
        for p in sources
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("import textual", "from textual", "from intervisie_tui.ui"))
    ]
    assert offenders == []


CLI_SCRIPT = textwrap.dedent(
    """
    import importlib
    import json
    import pkgutil
    import sys

    import intervisie_tui.cli as cli

    modules = [
        info.name for info in pkgutil.walk_packages(cli.__path__, prefix="intervisie_tui.cli.")
    ]
    for name in modules:
        importlib.import_module(name)
    heavy = sorted(
        name for name in sys.modules
        if name.split(".")[0] in ("textual", "pydantic", "pydantic_core", "rich")
        or name.startswith("intervisie_tui.ui")
    )
    print(json.dumps({"modules": modules, "heavy": heavy}))
    """
)


def test_every_command_module_imports_without_pydantic_rich_or_textual(tmp_path: Path) -> None:
    """What keeps ``show`` of an indexed session quick: the models load inside the commands."""
    result = subprocess.run(
        [sys.executable, "-c", CLI_SCRIPT],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["heavy"] == []
    groups = {"common", "documents", "protocols", "sessions"}
    assert {f"intervisie_tui.cli.{name}" for name in groups} <= set(report["modules"])
