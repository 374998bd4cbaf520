"""A package a command refuses before reading a table (:class:`~ctcoop.errors.PackageRefused`).

Its descriptor errors are printed as ``ctcoop validate`` prints them (the first is validate's
first error: same code, file, line and message), then one ``Error:`` line that says which
command could not run on which package::

    datapackage.json: error[unsafe-path] path '/etc/passwd' of resource 'items' is unsafe: …
      hint: use a path inside the package such as data/<name>.csv
    Error: cannot count the rows of pkg: 1 error in its descriptor or schemas (found before
    reading any table); `ctcoop validate` lists every problem
"""

from __future__ import annotations

from ctcoop.errors import PackageRefused
from ctcoop.escape import visible
from ctcoop.render import package_prefix
from ctcoop.render.text import issue_lines

#: what each command could not do, for the ``Error:`` line (``fmt`` says "cannot format", as it
#: does for a file it cannot format)
VERBS: dict[str, str] = {
    "stats": "count the rows of",
    "fmt": "format",
    "diff": "compare",
    "export": "export",
    "new": "add a row to",
    "site": "build the site of",
    "release": "release",
    "docs": "document",
}
#: errors listed; `ctcoop validate` lists them all
SHOWN = 20


def render_refusal(refused: PackageRefused, command: str | None) -> str:
    """The lines a command prints on stderr when it refuses the package (no trailing newline)."""
    prefix = package_prefix(refused.folder) if refused.folder is not None else ""
    lines = [line for issue in refused.issues[:SHOWN] for line in issue_lines(issue, prefix)]
    count = len(refused.issues)
    if count > SHOWN:
        lines.append(f"… and {count - SHOWN} more errors")
    who = f"{refused.role} ({refused.package})" if refused.role else refused.package
    verb = VERBS.get(command or "", "read")
    noun = "error" if count == 1 else "errors"
    lines.append(f"Error: cannot {verb} {visible(who)}: {count} {noun} in its descriptor or schemas (found "
                 "before reading any table); `ctcoop validate` lists every problem")
    return "\n".join(lines)
