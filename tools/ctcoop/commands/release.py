"""``ctcoop release``: bump the version the changes require, write the changelog, build artifacts."""

from __future__ import annotations

from pathlib import Path

import click

from ctcoop.release import BUMPS, ReleasePlan, release


def _describe(plan: ReleasePlan) -> list[str]:
    if plan.first_release:
        head = (
            f"First release: no earlier release tag (v*) found. Compared with an empty history the "
            f"package requires a {plan.required.value.upper()} bump from 0.0.0; releasing {plan.version}."
        )
    else:
        head = (
            f"{plan.applied.value.upper()} release {plan.previous_tag} → {plan.tag} "
            f"(the changes require at least {plan.required.value.upper()})."
        )
    lines = [head]
    reasons = plan.diff.reasons
    if plan.first_release:  # why this version; the resources and their rows are in the entry
        added = [r for r in reasons if r.code == "resource-added"]
        reasons = [r for r in reasons if r.code != "resource-added"]
        if added:
            noun = "resource" if len(added) == 1 else "resources"
            lines.append(f"  {len(added)} {noun} added (their row counts are in the CHANGELOG entry)")
        # every property of the descriptor is new: one line per level, not one per property
        new = [c for c in plan.diff.metadata_changes if c.kind == "added"]
        reasons = [r for r in reasons if not (r.code == "metadata-added" and r.resource is None)]
        for level in sorted({c.level for c in new}, key=lambda lv: -lv.rank):
            names = ", ".join(c.pointer.lstrip("/") for c in new if c.level is level)
            lines.append(f"  {level.value:<5}  package: descriptor properties added: {names}")
    lines += [f"  {r.level.value:<5}  {r.message}" for r in reasons[:20]]
    if len(reasons) > 20:
        more = "see the CHANGELOG entry" if not plan.first_release else "ctcoop diff shows them all"
        lines.append(f"  … and {len(reasons) - 20} more ({more})")
    return lines


@click.command("release")
@click.argument("path", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--bump",
    type=click.Choice(BUMPS),
    default="auto",
    show_default=True,
    help="The version bump; refused when smaller than the changes require.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the release artifacts go (default: dist/ at the repository root).",
)
@click.option("--tag", is_flag=True, help="Commit the files the release wrote and create the annotated tag.")
@click.option("--dry-run", is_flag=True, help="Show the new version and CHANGELOG entry; write nothing.")
def command(path: Path | None, bump: str, out_dir: Path | None, tag: bool, dry_run: bool) -> None:
    """Release the package at PATH (default: the current directory).

    Refuses a dirty work tree or an invalid package, diffs the package against the last
    release tag (v*), refuses a bump smaller than the changes require, writes the new version
    into datapackage.json and CITATION.cff, puts a generated entry at the top of CHANGELOG.md,
    records changed IDs in docs/id-changes.json, builds the artifacts, and prints the git
    commands that tag the release (--tag runs them).
    """
    outcome = release(path, bump=bump, out_dir=out_dir, tag=tag, dry_run=dry_run)
    plan = outcome if isinstance(outcome, ReleasePlan) else outcome.plan
    for line in _describe(plan):
        click.echo(line)
    if isinstance(outcome, ReleasePlan):
        click.echo("\nDry run: nothing written. Files that would change:")
        for fc in plan.files:
            click.echo(f"  {fc.path.relative_to(plan.repo)}")
        click.echo("\nCHANGELOG entry:\n")
        click.echo(plan.entry, nl=False)
        return
    click.echo("\nWrote:")
    for written in outcome.written:
        click.echo(f"  {written.relative_to(plan.repo)}")
    click.echo(f"Built {len(outcome.artifacts)} artifacts:")
    for artifact in outcome.artifacts:
        click.echo(f"  {artifact}")
    if outcome.tagged:
        click.echo(f"\nCommitted and tagged {plan.tag}. Push with: git push --follow-tags")
    else:
        click.echo("\nTo tag the release, run:")
        for cmd in outcome.commands:
            click.echo(f"  {cmd}")
