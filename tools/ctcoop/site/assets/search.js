// Search page: fold the query like the index (assets/fold.js), then ask pagefind.
const form = document.getElementById("search-form");
const input = document.getElementById("q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const LIMIT = 20;
const RERANK = 100;
let pagefind = null;

async function load() {
  if (pagefind) { return pagefind; }
  const root = new URL("../", window.location.href);
  pagefind = await import(new URL("pagefind/pagefind.js", root).href);
  // a row's page grows with its relations and sources: do not let length bury the row itself
  await pagefind.options({ baseUrl: root.pathname, ranking: { pageLength: 0.1 } });
  await pagefind.init();
  return pagefind;
}

function item(data) {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = (data.meta && data.meta.title) || data.url;
  li.appendChild(a);
  if (data.meta && data.meta.table) {
    const table = document.createElement("span");
    table.className = "badge";
    table.textContent = data.meta.table;
    li.append(" ", table);
  }
  return li;
}

async function run(text) {
  list.replaceChildren();
  const query = window.ctcoopFold.query(text);
  if (!query) { status.textContent = ""; return; }
  if (window.location.protocol === "file:") { status.textContent = status.dataset.file; return; }
  const pf = await load();
  const found = await pf.search(query);
  // pagefind ranks long pages low: among its first RERANK results, rows whose name holds more of
  // the words typed come first, and among those the shorter names (the closer match), then
  // pagefind's order.
  const top = await Promise.all(found.results.slice(0, RERANK).map((r) => r.data()));
  const words = query.split(" ");
  const rank = (d, i) => {
    const title = (d.meta && d.meta.title) || "";
    const terms = Array.from(window.ctcoopFold.terms(title));
    const hits = words.filter((w) => terms.some((t) => t.startsWith(w))).length;
    const folded = window.ctcoopFold.fold(title);
    const length = (folded.match(/[\p{L}\p{N}_]+/gu) || []).length;
    // the row whose whole name or acronym is what was typed comes first (INTERPOL's own row
    // before the pages that mention it)
    const q = window.ctcoopFold.fold(text).trim();
    const exact = q && (folded === q || folded.startsWith(q + " (") || folded.includes("(" + q + ")")) ? 1 : 0;
    return [exact, hits, hits ? length : 0, i, d];
  };
  const ranked = top.map(rank).sort((a, b) => b[0] - a[0] || b[1] - a[1] || a[2] - b[2] || a[3] - b[3]);
  const data = ranked.slice(0, LIMIT).map((x) => x[4]);
  status.textContent = found.results.length ? found.results.length + " " + status.dataset.results : status.dataset.none;
  for (const d of data) { list.appendChild(item(d)); }
  document.body.dataset.searchDone = query;
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const url = new URL(window.location.href);
  url.searchParams.set("q", input.value);
  window.history.replaceState(null, "", url);
  run(input.value);
});
const initial = new URL(window.location.href).searchParams.get("q");
if (initial) { input.value = initial; run(initial); }
