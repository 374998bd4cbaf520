"""The table layer: every command reads a resource's rows through here, and only through here.

Stages, each defined once:

1. **source** (:mod:`~ctcoop.tables.source`, :mod:`~ctcoop.tables.dialect`): the bytes of a
   resource and the dialect they are parsed with, and where each line came from (``positions``).
2. **records** (:mod:`~ctcoop.tables.records`, with :mod:`~ctcoop.tables.decode`,
   :mod:`~ctcoop.tables.lines`, :mod:`~ctcoop.tables.widths`, :mod:`~ctcoop.tables.slices`,
   :mod:`~ctcoop.tables.fixes`; limits and problems in :mod:`~ctcoop.tables.problems`): the rows as
   strings, with the line each starts on, and the structural problems met on the way.
3. **header to fields** (:mod:`~ctcoop.tables.header`, every ``fieldsMatch`` mode and
   ``caseSensitiveHeader``) and **missing values** (:mod:`~ctcoop.tables.missing`, every v1 and v2 form).
4. **views**: the raw strings (:mod:`~ctcoop.tables.strings`, what validate checks), the typed polars
   frame (:mod:`~ctcoop.tables.typed`, dtypes in :mod:`~ctcoop.tables.dtypes`: diff, export, stats,
   site) and the canonical CSV form (:mod:`~ctcoop.tables.canonical`,
   :mod:`~ctcoop.tables.canonical_quick`, row order in :mod:`~ctcoop.tables.row_order`: fmt, new).

The project's descriptor extensions the layer reads are in :mod:`~ctcoop.tables.extensions`;
bytes a command made itself (fmt's rewrite) are read through :mod:`~ctcoop.tables.memory`.
"""
