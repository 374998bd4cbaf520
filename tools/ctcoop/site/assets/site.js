// Table indexes: filter rows as you type (Arabic folded like the search) and sort by a column.
(function () {
  "use strict";
  const fold = (window.ctcoopFold && window.ctcoopFold.fold) || ((s) => s.toLowerCase());
  const table = document.getElementById("rows");
  const input = document.querySelector("[data-filter]");
  const counter = document.querySelector("[data-count]");
  if (!table) { return; }
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const keys = new Map(rows.map((r) => [r, fold(r.textContent)]));
  if (input) {
    input.addEventListener("input", function () {
      const words = fold(input.value).split(/\s+/).filter(Boolean);
      let shown = 0;
      for (const r of rows) {
        const hit = words.every((w) => keys.get(r).includes(w));
        r.hidden = !hit;
        shown += hit ? 1 : 0;
      }
      if (counter) { counter.textContent = String(shown); }
    });
  }
  const collator = new Intl.Collator(document.documentElement.lang, { numeric: true, sensitivity: "base" });
  table.querySelectorAll("thead th").forEach(function (th, index) {
    const button = th.querySelector("button");
    if (!button) { return; }
    button.addEventListener("click", function () {
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      table.querySelectorAll("thead th").forEach((h) => h.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const value = (r) => { const c = r.cells[index]; return (c && (c.dataset.sort || c.textContent)) || ""; };
      const sorted = rows.slice().sort((a, b) => collator.compare(value(a), value(b)) * (ascending ? 1 : -1));
      for (const r of sorted) { body.appendChild(r); }
    });
  });
})();
