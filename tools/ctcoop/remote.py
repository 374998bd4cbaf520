"""A remote file a descriptor names (an http(s) URL): fetched only when the user allows it.

Off by default (``--allow-remote`` switches it on); bounded in size and time (docs/security.md).
"""

from __future__ import annotations

import urllib.request

from ctcoop.errors import PackageLoadError

MAX_REMOTE_BYTES = 512 * 1024 * 1024


def fetch(url: str, allowed: bool) -> bytes:
    """The bytes at ``url``; PackageLoadError (``remote-path``) when not ``allowed`` or not http(s),
    (``remote-fetch``) when it cannot be fetched or is larger than :data:`MAX_REMOTE_BYTES`."""
    if not allowed:
        raise PackageLoadError(
            f"'{url}' is remote and network access is off",
            file=url,
            code="remote-path",
            hint="pass --allow-remote to fetch remote resources",
        )
    if not url.startswith(("https://", "http://")):
        raise PackageLoadError(f"'{url}' uses a scheme other than http(s)", file=url, code="remote-path")
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            data: bytes = resp.read(MAX_REMOTE_BYTES + 1)
    except OSError as exc:
        raise PackageLoadError(f"cannot fetch '{url}': {exc}", file=url, code="remote-fetch") from None
    if len(data) > MAX_REMOTE_BYTES:
        raise PackageLoadError(
            f"'{url}' is larger than {MAX_REMOTE_BYTES} bytes", file=url, code="remote-fetch"
        )
    return data
