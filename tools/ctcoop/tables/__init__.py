"""The table layer: every command reads a resource's rows through here, and only through here.

Stages, each defined once (a module each):

1. **source** (:mod:`ctcoop.tables.source`): the bytes of a resource (a file, the parts of a
   multipart ``path`` concatenated, inline ``data``, a declared ``compression``), within the
   read budgets of ``docs/security.md``, and where each record came from.
2. **format and dialect**: CSV and TSV are parsed through the dialect; other formats (JSON,
   NDJSON, spreadsheets) and dialects the fast parser does not speak are brought to plain CSV
   bytes first, with a map back to their own places (sheet row, array item, part file).
3. **records**: the rows as strings, with the line (or row) each starts on, and the structural
   problems met on the way.
4. **header to fields** (every ``fieldsMatch`` mode) and **missing values** (every v1 and v2 form).
5. **views**: the raw strings, the typed polars frame and the canonical CSV form.
"""
