"""The README describes what exists: the schema table is the schema, the commands are the commands.

When the schema changes, `python tests/test_readme.py` prints the table to paste between the README's
`schema-table` markers.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from events.cli import build_parser
from events.resources import available_languages
from events.schema import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
TABLE_START = "<!-- schema-table:start -->"
TABLE_END = "<!-- schema-table:end -->"


def schema_table() -> str:
    """The README's column table, generated from events/schema.py."""
    lines = ["| column | type | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {c.dtype} | {c.description.replace('|', '/')} |" for c in COLUMNS]
    return "\n".join(lines)


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of the README's `## title` section."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", readme(), re.MULTILINE | re.DOTALL)
    assert match, f"README has no section '## {title}'"
    return match.group(1)


def test_the_schema_table_is_the_schema() -> None:
    text = readme()
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    assert text[start:end].strip() == schema_table(), "run `python tests/test_readme.py` and paste its output"


def test_quickstart_is_clone_then_the_two_dev_commands() -> None:
    commands = re.findall(r"^(?:\$ )?(\S.*)$", _code_blocks(section("Quickstart"))[0], re.MULTILINE)
    assert commands[0].startswith("git clone ")
    assert commands[1].startswith("cd ")
    assert commands[2:] == ["./dev.sh app", "./dev.sh test"]


def test_every_chronik_command_in_the_readme_parses() -> None:
    parser = build_parser()
    for block in _code_blocks(readme()):
        for line in block.splitlines():
            for command in re.findall(r"(?:^|&& |\| )chronik ([^|&>#\n]*)", line):
                argv = command.split()
                if argv and argv[0] in ("extract", "app"):
                    parser.parse_args(argv)  # raises SystemExit on an option that does not exist


def test_the_screenshot_and_the_files_it_names_are_referenced_correctly() -> None:
    text = readme()
    assert "docs/dashboard.png" in text
    for path in re.findall(r"`((?:events|dashboard|tests)/[\w/.<>-]+)`", text):
        if "<" not in path:
            assert (ROOT / path).exists(), f"README names {path}, which does not exist"


def test_the_languages_the_readme_lists_have_resources() -> None:
    listed = set(re.findall(r"`events/resources/(\w\w)/`", readme()))
    assert listed == set(available_languages())


def test_dependencies_section_covers_every_declared_dependency() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    names = {re.split(r"[<>=!~\[ ]", requirement)[0].lower() for requirement in declared}
    text = section("Dependencies and why each is there").lower()
    missing = {name for name in names if name not in text}
    assert not missing, f"README does not say why these are needed: {sorted(missing)}"


@pytest.mark.parametrize("script", ["dev.sh", ".ci/run"])
def test_the_scripts_are_executable_bash_without_syntax_errors(script: str) -> None:
    path = ROOT / script
    assert path.stat().st_mode & 0o111, f"{script} is not executable"
    assert path.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    subprocess.run(["bash", "-n", str(path)], check=True)


def test_ci_runs_the_readme_test_command() -> None:
    assert "./dev.sh test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_dev_sh_explains_itself_and_rejects_unknown_commands() -> None:
    result = subprocess.run(["bash", str(ROOT / "dev.sh"), "bogus"], capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "./dev.sh app" in result.stderr and "./dev.sh test" in result.stderr


def _code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


if __name__ == "__main__":
    sys.stdout.write(schema_table() + "\n")
