"""The git side of a release: check the identity first, commit and tag, undo everything on failure.

:func:`commit_and_tag` commits exactly the files a release wrote and creates the annotated tag.
It checks first that git can make a commit (``git var GIT_AUTHOR_IDENT`` and
``GIT_COMMITTER_IDENT``: a user name and e-mail are set), so a missing identity refuses the
release before anything is staged. If a step still fails, the commit it made is undone
(``git reset --soft``) and the paths are unstaged again, so the index and the history are as
they were; the caller then restores the files themselves.
"""

from __future__ import annotations

from pathlib import Path

from ctcoop.errors import CtcoopError
from ctcoop.gitsource import run_git


def check_identity(repo: Path) -> None:
    """Refuse (CtcoopError) when git has no user name or e-mail to commit with."""
    for var in ("GIT_AUTHOR_IDENT", "GIT_COMMITTER_IDENT"):
        proc = run_git(["var", var], repo, check=False)
        if proc.returncode != 0:
            raise CtcoopError(
                "git has no identity to commit the release with (user.name and user.email are not set)",
                code="no-git-identity",
                hint="run `git config user.name 'Your Name'` and `git config user.email you@example.org`, "
                "then release again; nothing was written",
            )


def _head(repo: Path) -> str | None:
    proc = run_git(["rev-parse", "--verify", "--quiet", "HEAD"], repo, check=False)
    if proc.returncode != 0:
        return None
    return proc.stdout.decode("ascii").strip() or None


def commit_and_tag(repo: Path, paths: list[str], tag: str, message: str) -> None:
    """``git add``, ``git commit`` of ``paths`` only, ``git tag -a``; on failure, undo the git side."""
    before = _head(repo)
    try:
        run_git(["add", "--", *paths], repo)
        run_git(["commit", "-m", message, "--", *paths], repo)
        run_git(["tag", "-a", tag, "-m", message], repo)
    except BaseException:
        if before is not None and _head(repo) != before:
            run_git(["reset", "-q", "--soft", before], repo, check=False)
        if before is not None:
            run_git(["reset", "-q", before, "--", *paths], repo, check=False)
        else:
            run_git(["rm", "-q", "--cached", "--ignore-unmatch", "--", *paths], repo, check=False)
        raise
