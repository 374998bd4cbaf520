"""Documentation that must not drift: the data dictionary, and a help text and a docs section per command."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from ctcoop.cli import COMMANDS, cli
from ctcoop.datadict import data_dictionary
from ctcoop.package import load_package

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_data_dictionary_is_up_to_date() -> None:
    """Regenerated from the real descriptor and schemas; after a schema change run `ctcoop docs`."""
    current = (DOCS / "data-dictionary.md").read_text(encoding="utf-8")
    assert current == data_dictionary(load_package(ROOT)), "docs/data-dictionary.md is stale: `ctcoop docs`"


def _section(text: str, name: str) -> str:
    start = text.index(f"\n## `{name}`\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else None]


def test_data_dictionary_covers_every_table_and_field() -> None:
    package = load_package(ROOT)
    text = data_dictionary(package)
    assert package.resources
    for res in package.resources:
        section = _section(text, res.name)
        for key in ("title", "ctcoop:title_ar", "description", "ctcoop:description_ar"):
            value = res.descriptor.get(key)
            if isinstance(value, str):
                assert value.strip() in section, (res.name, key)
        for fdesc in res.fields:
            head = f"| `{fdesc['name']}` |"
            row = next((line for line in section.splitlines() if line.startswith(head)), None)
            assert row is not None, (res.name, fdesc["name"])
            assert f"`{fdesc.get('type', 'string')}`" in row
            for key in ("description", "ctcoop:description_ar"):
                if isinstance(fdesc.get(key), str):
                    assert fdesc[key].replace("|", "\\|") in row, (res.name, fdesc["name"], key)
            for value in fdesc.get("constraints", {}).get("enum", []):
                assert f"`{value}`" in row
            for target in fdesc.get("ctcoop:references", []):
                assert f"`{target}`" in row
        for fk in res.foreign_keys:
            target = fk["reference"].get("resource") or res.name
            field = fk["fields"][0] if isinstance(fk["fields"], list) else fk["fields"]
            row = next(line for line in section.splitlines() if line.startswith(f"| `{field}` |"))
            assert f"`{target}." in row, (res.name, field)


FIXTURE = {
    "name": "tiny", "title": "Tiny", "ctcoop:title_ar": "صغيرة",
    "resources": [{
        "name": "items", "path": "items.csv", "title": "Items", "ctcoop:title_ar": "عناصر",
        "description": "Things.", "ctcoop:description_ar": "أشياء.", "ctcoop:requiresCitation": True,
        "schema": {"fields": [
            {"name": "id", "type": "string", "description": "Key | with a pipe.",
             "constraints": {"pattern": "^it-(a|b)$"}},
            {"name": "parent", "type": "string", "ctcoop:description_ar": "الأصل."},
            {"name": "size", "type": "integer", "constraints": {"minimum": 0, "maximum": 9}},
            {"name": "links", "type": "string", "ctcoop:listDelimiter": ";", "ctcoop:references": ["items"]},
        ], "primaryKey": ["id"],
            "foreignKeys": [{"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}}]},
    }],
}


@pytest.fixture
def tiny(make_package: Callable[..., Path]) -> Path:
    return make_package(FIXTURE, {"items.csv": "id,parent,size,links\n"})


def test_generated_text_for_a_small_schema(tiny: Path) -> None:
    text = data_dictionary(load_package(tiny))
    assert "**Tiny** — **صغيرة**" in text
    assert '<p dir="rtl" lang="ar">أشياء.</p>' in text
    assert "| `id` | `string` | required; unique; pattern `^it-(a\\|b)$` | — | Key \\| with a pipe. | — |" \
        in text
    assert "| `parent` | `string` | — | `items.id` (same table) | — | الأصل. |" in text
    assert "≥ `0`; ≤ `9`" in text
    assert "list separated by `;`" in text and "each item is an id in one of `items`" in text
    assert "- Every row is cited (`ctcoop:requiresCitation`)." in text


def test_docs_command_writes_and_checks(tiny: Path) -> None:
    target = tiny / "docs" / "data-dictionary.md"
    stale = run("docs", str(tiny), "--check")
    assert stale.exit_code == 1 and "out of date" in stale.stderr
    written = run("docs", str(tiny))
    assert written.exit_code == 0, written.output
    assert target.read_text(encoding="utf-8") == data_dictionary(load_package(tiny))
    assert run("docs", str(tiny), "--check").exit_code == 0
    descriptor = json.loads((tiny / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"][0]["schema"]["fields"][2]["description"] = "Size in units."
    (tiny / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    assert run("docs", str(tiny), "--check").exit_code == 1, "a schema change makes the dictionary stale"


def test_docs_command_out_option_and_archives(tiny: Path, tmp_path: Path) -> None:
    out = tmp_path / "dd.md"
    assert run("docs", str(tiny), "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Data dictionary: tiny\n")
    archive = tmp_path / "tiny.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for p in tiny.rglob("*"):
            if p.is_file():
                zf.write(p, p.relative_to(tiny).as_posix())
    refused = run("docs", str(archive))
    assert refused.exit_code == 2 and "give --out FILE" in refused.stderr
    assert run("docs", str(archive), "--out", str(tmp_path / "z.md")).exit_code == 0


# --- every command has help and a documented section (sqlite-utils' test_docs idea) --------------

AVAILABLE = sorted(COMMANDS)


def _doc_headings() -> str:
    return "\n".join(line for p in sorted(DOCS.glob("*.md")) for line in
                     p.read_text(encoding="utf-8").splitlines() if line.startswith("#"))


def test_the_contributor_commands_exist() -> None:
    assert {"fmt", "new", "stats", "docs"} <= set(AVAILABLE)
    for name in ("fmt", "new", "stats", "docs"):
        command = cli.get_command(click.Context(cli), name)
        assert isinstance(command, click.Command) and command.name == name


@pytest.mark.parametrize("name", AVAILABLE)
def test_command_has_help(name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0, result.output
    assert f"Usage: cli {name}" in result.stdout or f"Usage: ctcoop {name}" in result.stdout
    summary = result.stdout.split("\n\n")[1].strip()
    assert len(summary) > 20, f"`ctcoop {name} --help` needs a description"


@pytest.mark.parametrize("name", AVAILABLE)
def test_command_has_a_section_in_docs(name: str) -> None:
    assert re.search(rf"^#+ .*ctcoop {name}\b", _doc_headings(), re.MULTILINE), \
        f"add a section headed `ctcoop {name}` to a file in docs/"


# --- CONTRIBUTING.md, in English and Arabic, in step with the schemas ------------------------------

def test_contributing_guide_follows_the_schemas_in_both_languages() -> None:
    from ctcoop.newrow import id_prefix

    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    english, arabic = text.split('<a id="arabic"></a>')
    assert '<div dir="rtl" lang="ar">' in arabic
    assert len(re.findall("[\u0600-\u06ff]", arabic)) > 3000, "a whole guide in Arabic"
    package = load_package(ROOT)
    prefixes = {p for r in package.resources if (p := id_prefix(r))}
    assert prefixes
    errata = package.resource("errata")
    kinds = next(f for f in errata.fields if f["name"] == "kind")["constraints"]["enum"]
    citations = package.descriptor["ctcoop:citations"]
    for half in (english, arabic):
        for prefix in prefixes:
            assert f"`{prefix}`" in half, prefix
        for kind in kinds:
            assert f"`{kind}`" in half, kind
        for key in ("subjectField", "sourceField", "locatorField"):
            assert f"`{citations[key]}`" in half
        for name in ("validate", "fmt", "new", "diff", "stats", "docs"):
            assert f"ctcoop {name}" in half
        for hook in ("ctcoop-fmt-check", "ctcoop-validate"):
            assert hook in half


# --- the lists of what the code knows, generated (ctcoop.gendocs) ---------------------------------

def test_generated_docs_are_up_to_date() -> None:
    """Every generated block of README.md and docs/*.md, rendered anew from the code, is what the
    file holds: after adding a code, an option or an artifact, run `ctcoop docs`."""
    from ctcoop.gendocs import refresh_folder

    generated = refresh_folder(ROOT)
    names = {p.name for p in generated}
    assert {"validate.md", "cli.md", "export.md"} <= names
    import difflib

    stale = {p.name: "".join(difflib.unified_diff(p.read_text(encoding="utf-8").splitlines(True),
                                                  text.splitlines(True), n=0))
             for p, text in generated.items() if p.read_text(encoding="utf-8") != text}
    assert not stale, f"stale generated docs (run `ctcoop docs`): {stale}"


def test_every_generated_block_is_shown_somewhere() -> None:
    from ctcoop.gendocs import BLOCKS

    text = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *DOCS.glob("*.md")])
    for name in BLOCKS:
        assert f"<!-- generated: {name} -->" in text, name


def test_the_generated_lists_name_every_code_option_and_artifact() -> None:
    from ctcoop.codes import CODES
    from ctcoop.export.artifacts import ARTIFACTS

    validate_md, cli_md, export_md = ((DOCS / n).read_text(encoding="utf-8")
                                      for n in ("validate.md", "cli.md", "export.md"))
    for code in CODES:
        assert f"| `{code}` |" in validate_md + cli_md, code
    for name in AVAILABLE:
        command = cli.get_command(click.Context(cli), name)
        assert command is not None and f"### `ctcoop {name}`" in cli_md
        for param in command.params:
            for opt in param.opts if isinstance(param, click.Option) else []:
                assert opt in cli_md, (name, opt)
    for artifact in ARTIFACTS:
        assert f"| `{artifact.path}` |" in export_md


def test_a_marker_naming_no_block_is_an_error_not_skipped() -> None:
    from ctcoop.errors import CtcoopError
    from ctcoop.gendocs import refresh

    with pytest.raises(CtcoopError, match="'no-such-list' does not exist"):
        refresh("a\n<!-- generated: no-such-list -->\n<!-- end generated: no-such-list -->\n")
    with pytest.raises(CtcoopError, match="no end marker"):
        refresh("<!-- generated: issue-codes -->\nold\n")
    fresh = refresh("a\n<!-- generated: export-artifacts -->\nstale text\n"
                    "<!-- end generated: export-artifacts -->\nb\n")
    assert fresh.startswith("a\n<!-- generated: export-artifacts -->\n| file |") and "stale text" not in fresh
    assert fresh.endswith("|\n<!-- end generated: export-artifacts -->\nb\n")


def test_docs_command_rewrites_and_checks_generated_blocks(tiny: Path) -> None:
    page = tiny / "docs" / "codes.md"
    page.parent.mkdir()
    page.write_text("# Codes\n\n<!-- generated: run-codes -->\n<!-- end generated: run-codes -->\n",
                    encoding="utf-8")
    stale = run("docs", str(tiny), "--check")
    assert stale.exit_code == 1
    written = run("docs", str(tiny))
    assert written.exit_code == 0 and f"wrote {page}" in written.stdout
    assert "| `export-io` |" in page.read_text(encoding="utf-8")
    checked = run("docs", str(tiny), "--check")
    assert checked.exit_code == 0 and f"{page} is up to date" in checked.stdout


#: the page in docs/ that describes each command (default: docs/<name>.md)
PAGES = {"docs": "docs-command.md"}


@pytest.mark.parametrize("name", AVAILABLE)
def test_each_option_is_described_on_its_command_page(name: str) -> None:
    """docs/cli.md is generated; the command's own page, written by hand, still names every option."""
    text = (DOCS / PAGES.get(name, f"{name}.md")).read_text(encoding="utf-8")
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    for param in command.params:
        if isinstance(param, click.Option):
            for opt in param.opts + param.secondary_opts:
                assert not opt.startswith("--") or opt in text, f"{opt} of ctcoop {name} is not in its page"
