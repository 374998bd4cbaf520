"""Sources of a given grade sit on the issuing bodies' own hosts (``ctcoop:officialHosts``).

Config on the resource that lists sources (see :class:`ctcoop.properties.OfficialHosts`)::

    ctcoop:officialHosts: {"urlField": "url", "gradeField": "reliability",
                             "grades": ["primary"],
                             "hosts": ["un.org", "interpol.int", ...],
                             "archives": ["web.archive.org"]}

A row graded ``primary`` whose URL's host is not a listed host (or a subdomain of one) is a
warning that names the host: a copy on another site is at most ``secondary``. A web-archive
URL is judged by the address it archives. Rows without a URL are not checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from ctcoop.checks import Check
from ctcoop.checks.context import Context, Table
from ctcoop.checks.ids import id_field, vocabulary_issue
from ctcoop.codes import codes_of
from ctcoop.extensions import OfficialHosts, keys, resource_ext
from ctcoop.report import Issue, Severity

PROPERTY = keys.OFFICIAL_HOSTS
_ARCHIVED = re.compile(r"https?:/+[^/\s]+")


def host_of(url: str) -> str:
    """The lowercased host of a URL without a trailing dot; empty when there is none."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def on_hosts(host: str, hosts: list[str]) -> bool:
    """True when ``host`` is one of ``hosts`` or a subdomain of one."""
    return any(host == h or host.endswith("." + h) for h in (x.lower().strip(".") for x in hosts))


def judged_host(url: str, config: OfficialHosts) -> str:
    """The host a URL is judged by: the archived address's host for a web-archive URL.

    The archived address is the first ``http(s):/`` in the path (``/web/2017…/http://x.org/``;
    some archives keep a single slash), else the first path segment that looks like a host
    (``/oas.org/en/…``).
    """
    host = host_of(url)
    if not (config.archives and on_hosts(host, config.archives)):
        return host
    path = urlsplit(url.strip()).path
    found = _ARCHIVED.search(path)
    if found is not None:
        return host_of(re.sub(r"^(https?):/+", r"\1://", found.group(0))) or host
    for part in path.split("/"):
        if "." in part and not part.replace(".", "").isdigit():
            return part.lower().rstrip(".")
    return host


def _check(ctx: Context, table: Table, config: OfficialHosts) -> Iterator[Issue]:
    resource = table.resource
    for key in ("urlField", "gradeField"):
        name = getattr(config, key)
        if resource.field(name) is None:
            yield vocabulary_issue(
                ctx,
                resource,
                f"{PROPERTY}.{key} '{name}' is not a field of '{resource.name}'",
                "fields: " + ", ".join(resource.field_names),
                (PROPERTY, key),
            )
            return
    if not (table.has(config.urlField) and table.has(config.gradeField)):
        return
    id_name = id_field(resource)
    ids = table.frame[id_name].to_list() if id_name is not None and table.has(id_name) else None
    urls = table.frame[config.urlField].to_list()
    grades = table.frame[config.gradeField].to_list()
    wanted = set(config.grades)
    for row, (url, grade) in enumerate(zip(urls, grades, strict=True)):
        if grade not in wanted or not url:
            continue
        host = judged_host(url, config)
        if on_hosts(host, config.hosts):
            continue
        who = f"'{ids[row]}'" if ids is not None and ids[row] is not None else f"row {row + 1}"
        yield table.issue(
            "unofficial-host",
            f"{who} is graded {grade} but its {config.urlField} is on '{host or url}', "
            f"which is not one of the official hosts in {PROPERTY}",
            hint=f"link the issuing body's own copy, grade the source lower, or add '{host}' "
            f"to {PROPERTY}.hosts if it is the issuing body's own site",
            row=row,
            field=config.urlField,
            value=url,
            severity=Severity.WARNING,
        )


def run(ctx: Context) -> Iterator[Issue]:
    for table in ctx.tables():
        config = resource_ext(table.resource.descriptor).official_hosts
        if config is not None:
            yield from _check(ctx, table, config)


CHECK = Check(
    name="hosts",
    run=run,
    codes=codes_of("hosts"),
)
