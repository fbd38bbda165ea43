// The newsidx search page. Article text is hostile input: it only ever
// enters the page as text nodes (textContent, createTextNode); no string
// from the API is parsed as markup, and links are made only from
// addresses that start with http: or https:.
"use strict";

const PAGE_SIZE = 10;
const DEBOUNCE_MS = 250;

const $ = (id) => document.getElementById(id);
const els = {
  q: $("q"), sort: $("sort"), collapse: $("collapse"), form: $("search-form"),
  error: $("query-error"), errorText: $("error-text"), errorHint: $("error-hint"),
  status: $("status"), suggestions: $("suggestions"), hits: $("hits"),
  prev: $("prev"), next: $("next"), pageInfo: $("page-info"),
  filters: $("filters"), timeline: $("timeline"), timelineRange: $("timeline-range"),
  speakers: $("facet-speaker"), folders: $("facet-folder"),
  reader: $("reader"), readerTitle: $("reader-title"), readerMeta: $("reader-meta"),
  readerLead: $("reader-lead"), readerBody: $("reader-body"),
  readerQuotes: $("reader-quotes"), readerQuotesSection: $("reader-quotes-section"),
  close: $("close"),
};

// The whole state, mirrored in the address: a search is a link.
const KEYS = ["q", "speaker", "folder", "from", "to", "sort", "offset", "collapse", "id"];
let state = readState(location.search);
let selected = -1;
let lastHits = [];
let searchSeq = 0;
let typingEntry = false;
let debounce = null;
// The parameters of the search on screen: opening or closing an article
// leaves them alone, and then the hits (and the selection) stay.
let shownSearch = null;

function readState(search) {
  const params = new URLSearchParams(search);
  const s = {};
  for (const k of KEYS) s[k] = params.get(k) || "";
  return s;
}

function stateUrl(s) {
  const params = new URLSearchParams();
  for (const k of KEYS) {
    if (s[k] && !(k === "offset" && s[k] === "0") && !(k === "sort" && s[k] === "relevance")) {
      params.set(k, s[k]);
    }
  }
  const text = params.toString();
  return text ? "/?" + text : "/";
}

// push: a new history entry (a click); else the current one is replaced
// (typing, which would otherwise leave one entry per pause).
function commit(changes, push) {
  state = Object.assign({}, state, changes);
  const url = stateUrl(state);
  if (push) {
    history.pushState(null, "", url);
  } else {
    history.replaceState(null, "", url);
  }
  render();
}

// A name or folder inside the query language's quotes: quotes and
// backslashes inside it are dropped, as no name needs them.
function quoted(text) {
  return '"' + text.replace(/["\\]/g, " ").trim() + '"';
}

function apiQuery(s) {
  const parts = [];
  if (s.q.trim()) parts.push(s.speaker || s.folder ? "(" + s.q + ")" : s.q);
  if (s.speaker) parts.push("speaker:" + quoted(s.speaker));
  if (s.folder) parts.push("folder:" + quoted(s.folder));
  return parts.join(" ");
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = { error: "the server answered " + response.status + " without JSON", hint: null };
  }
  return { ok: response.ok, body };
}

function render() {
  if (els.q.value !== state.q && document.activeElement !== els.q) els.q.value = state.q;
  els.sort.value = state.sort === "date" ? "date" : "relevance";
  els.collapse.checked = state.collapse === "1";
  renderFilters();
  search();
  if (state.id) openArticle(state.id); else closeReader();
}

async function search() {
  const seq = ++searchSeq;
  const query = apiQuery(state);
  if (!query) {
    shownSearch = null;
    showError(null);
    els.status.textContent = "Type to search the archive.";
    clear(els.hits); clear(els.speakers); clear(els.folders); clear(els.timeline);
    els.suggestions.hidden = true;
    lastHits = [];
    pager(0, 0);
    return;
  }
  const params = new URLSearchParams({ q: query, limit: String(PAGE_SIZE) });
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.sort === "date") params.set("sort", "date");
  if (state.offset) params.set("offset", state.offset);
  if (state.collapse === "1") params.set("collapse", "1");
  params.append("facet", "speaker:12");
  params.append("facet", "folder:12");
  params.append("facet", "month");
  const key = params.toString();
  if (key === shownSearch) return;
  const { ok, body } = await getJson("/api/search?" + params);
  if (seq !== searchSeq) return; // a later search is under way
  if (!ok) {
    showError(body);
    return;
  }
  showError(null);
  shownSearch = key;
  showResults(body);
}

function showError(body) {
  if (!body) {
    els.error.hidden = true;
    return;
  }
  els.errorText.textContent = body.error || "the search failed";
  els.errorHint.textContent = body.hint || "";
  els.error.hidden = false;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

// Bidirectional overrides and isolates in article text could make a
// passage read as something it is not (`\u202Etxt.exe` shows as
// `exe.txt`); they are shown as their code points instead.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
function shown(text) {
  return text.replace(BIDI_CONTROLS, (c) => "[U+" + c.codePointAt(0).toString(16).toUpperCase() + "]");
}

function textNode(text) {
  return document.createTextNode(shown(text));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = shown(String(text));
  return node;
}

// Appends `text` to `parent` with the byte ranges [start, end) of its
// UTF-8 form wrapped in <mark>, each piece a text node.
function appendMarked(parent, text, ranges) {
  const bytes = new TextEncoder().encode(text);
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  let at = 0;
  for (const [start, end] of ranges || []) {
    if (start < at || end > bytes.length || start >= end) continue;
    if (start > at) parent.appendChild(textNode(decode(at, start)));
    parent.appendChild(el("mark", null, decode(start, end)));
    at = end;
  }
  if (at < bytes.length) parent.appendChild(textNode(decode(at, bytes.length)));
}

function formatDate(iso) {
  if (!iso) return "undated";
  return iso.slice(0, 10);
}

function showResults(body) {
  const s = body.summary;
  const offset = Number(state.offset) || 0;
  lastHits = body.hits;
  selected = -1;
  const total = s.total_hits + (s.fill_hits || 0);
  const shown = body.hits.length;
  let text = shown
    ? `${offset + 1}–${offset + shown} of ${s.total_exact ? "" : "at least "}${s.total_hits.toLocaleString()} articles`
    : "No articles match.";
  if (s.groups !== undefined && s.groups !== null) text += ` in ${s.groups.toLocaleString()} groups`;
  if (s.fill_hits) text += ` (and ${s.fill_hits} with most of the words)`;
  text += ` · ${s.elapsed_ms} ms`;
  els.status.textContent = text;
  showSuggestions(s.suggestions || []);
  clear(els.hits);
  body.hits.forEach((hit, i) => els.hits.appendChild(hitItem(hit, i)));
  for (const facet of body.facets) {
    if (facet.field === "speaker") showBuckets(els.speakers, facet, "speaker");
    else if (facet.field === "folder") showBuckets(els.folders, facet, "folder");
    else if (facet.field === "month") showTimeline(facet);
  }
  const pages = s.groups !== undefined && s.groups !== null ? s.groups : total;
  pager(offset, pages);
}

function showSuggestions(words) {
  clear(els.suggestions);
  els.suggestions.hidden = words.length === 0;
  if (!words.length) return;
  els.suggestions.appendChild(document.createTextNode("Try:"));
  for (const word of words) {
    const b = el("button", null, word);
    b.type = "button";
    b.addEventListener("click", () => {
      els.q.value = word;
      commit({ q: word, offset: "" }, true);
    });
    els.suggestions.appendChild(b);
  }
}

function hitItem(hit, i) {
  const li = el("li", "hit");
  li.dataset.index = String(i);
  li.dataset.id = hit.id;
  const h = el("h3");
  const a = el("a");
  a.href = stateUrl(Object.assign({}, state, { id: hit.id }));
  appendMarked(a, hit.title || "(no title)", hit.title_highlights);
  a.addEventListener("click", (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return;
    e.preventDefault();
    selected = i;
    commit({ id: hit.id }, true);
  });
  h.appendChild(a);
  li.appendChild(h);
  const meta = el("p", "meta");
  meta.appendChild(el("span", "date", formatDate(hit.date)));
  if (hit.speakers && hit.speakers.length) {
    const who = el("span", "speakers");
    hit.speakers.forEach((name, n) => {
      if (n) who.appendChild(document.createTextNode(", "));
      const b = el("button", "speaker", name);
      b.type = "button";
      b.title = "Only articles quoting " + name;
      b.addEventListener("click", () => commit({ speaker: name, offset: "" }, true));
      who.appendChild(b);
    });
    meta.appendChild(who);
  }
  if (hit.outlet) meta.appendChild(el("span", "outlet", hit.outlet));
  meta.appendChild(el("span", "path", hit.path));
  if (hit.duplicates) meta.appendChild(el("span", "dups", `+${hit.duplicates} near-duplicates`));
  li.appendChild(meta);
  const snippet = el("p", "snippet");
  appendMarked(snippet, hit.snippet, hit.highlights);
  li.appendChild(snippet);
  if (!hit.matched_all) li.appendChild(el("p", "partial", "has most of the words, not all"));
  li.addEventListener("click", (e) => {
    if (e.target.closest("a, button")) return;
    select(i);
  });
  return li;
}

function showBuckets(list, facet, key) {
  clear(list);
  if (!facet.buckets.length) {
    list.appendChild(el("li", "help", "none"));
    return;
  }
  for (const bucket of facet.buckets) {
    const li = el("li");
    const b = el("button");
    b.type = "button";
    const active = state[key] === bucket.key;
    b.setAttribute("aria-pressed", active ? "true" : "false");
    b.appendChild(el("span", "name", bucket.key));
    b.appendChild(el("span", "count", bucket.count.toLocaleString()));
    b.addEventListener("click", () => {
      const change = {};
      change[key] = active ? "" : bucket.key;
      change.offset = "";
      commit(change, true);
    });
    li.appendChild(b);
    list.appendChild(li);
  }
}

function renderFilters() {
  clear(els.filters);
  const chip = (label, change) => {
    const b = el("button", "chip", label + " ×");
    b.type = "button";
    b.setAttribute("aria-label", "Remove the filter " + label);
    b.addEventListener("click", () => commit(Object.assign({ offset: "" }, change), true));
    els.filters.appendChild(b);
  };
  if (state.speaker) chip("speaker: " + state.speaker, { speaker: "" });
  if (state.folder) chip("folder: " + state.folder, { folder: "" });
  if (state.from || state.to) chip("dates: " + (state.from || "…") + " to " + (state.to || "…"), { from: "", to: "" });
}

// Months over this many make columns too thin to see or to click: the
// timeline then counts years (ten years of months still fit).
const MAX_MONTH_COLUMNS = 120;

// The month facet's buckets summed by year, in order; empty years stay,
// since the facet fills every month between its first and last.
function byYear(months) {
  const years = [];
  for (const b of months) {
    const key = b.key.slice(0, 4);
    const last = years[years.length - 1];
    if (last && last.key === key) last.count += b.count;
    else years.push({ key, count: b.count });
  }
  return years;
}

// The timeline: one SVG column per month of the matches (per year for a
// long archive). A click sets that period as the range, a drag the
// periods it spans.
function showTimeline(facet) {
  clear(els.timeline);
  const long = facet.buckets.length > MAX_MONTH_COLUMNS;
  const buckets = long ? byYear(facet.buckets) : facet.buckets;
  const unit = long ? "year" : "month";
  if (!buckets.length) {
    els.timelineRange.textContent = "No dated matches.";
    return;
  }
  const ns = "http://www.w3.org/2000/svg";
  const width = 300, height = 90, n = buckets.length;
  const w = width / n;
  const max = Math.max(1, ...buckets.map((b) => b.count));
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("preserveAspectRatio", "none");
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Matches per ${unit}, ${buckets[0].key} to ${buckets[n - 1].key}`);
  const selection = document.createElementNS(ns, "rect");
  selection.setAttribute("class", "selection");
  selection.setAttribute("y", "0");
  selection.setAttribute("height", String(height));
  selection.setAttribute("width", "0");
  svg.appendChild(selection);
  buckets.forEach((b, i) => {
    const h = b.count ? Math.max(2, (b.count / max) * (height - 4)) : 0;
    const col = document.createElementNS(ns, "rect");
    const inRange = (!state.from || b.key >= state.from.slice(0, b.key.length)) && (!state.to || b.key <= state.to.slice(0, b.key.length));
    col.setAttribute("class", "col" + (inRange && (state.from || state.to) ? " in" : ""));
    col.setAttribute("x", String(i * w + w * 0.1));
    col.setAttribute("width", String(Math.max(w * 0.8, 0.5)));
    col.setAttribute("y", String(height - h));
    col.setAttribute("height", String(h));
    const title = document.createElementNS(ns, "title");
    title.textContent = shown(`${b.key}: ${b.count}`);
    col.appendChild(title);
    col.dataset.key = b.key;
    svg.appendChild(col);
  });
  const indexAt = (event) => {
    const box = svg.getBoundingClientRect();
    const x = Math.min(Math.max(event.clientX - box.left, 0), box.width - 0.01);
    return Math.floor((x / box.width) * n);
  };
  let start = null;
  const draw = (a, b) => {
    const lo = Math.min(a, b), hi = Math.max(a, b);
    selection.setAttribute("x", String(lo * w));
    selection.setAttribute("width", String((hi - lo + 1) * w));
  };
  svg.addEventListener("pointerdown", (e) => {
    start = indexAt(e);
    svg.setPointerCapture(e.pointerId);
    draw(start, start);
  });
  svg.addEventListener("pointermove", (e) => {
    if (start !== null) draw(start, indexAt(e));
  });
  svg.addEventListener("pointerup", (e) => {
    if (start === null) return;
    const end = indexAt(e);
    const lo = Math.min(start, end), hi = Math.max(start, end);
    start = null;
    commit({ from: buckets[lo].key, to: buckets[hi].key, offset: "" }, true);
  });
  els.timeline.appendChild(svg);
  els.timelineRange.textContent = `${buckets[0].key} to ${buckets[n - 1].key}` +
    (facet.missing ? ` · ${facet.missing} undated` : "");
}

function pager(offset, total) {
  els.prev.disabled = offset <= 0;
  els.next.disabled = offset + PAGE_SIZE >= total;
  els.pageInfo.textContent = total > PAGE_SIZE
    ? `page ${Math.floor(offset / PAGE_SIZE) + 1} of ${Math.ceil(total / PAGE_SIZE)}` : "";
}

function select(i) {
  const items = els.hits.querySelectorAll(".hit");
  if (!items.length) return;
  selected = Math.max(0, Math.min(items.length - 1, i));
  items.forEach((item, n) => {
    item.classList.toggle("selected", n === selected);
    if (n === selected) item.setAttribute("aria-current", "true"); else item.removeAttribute("aria-current");
  });
  const link = items[selected].querySelector("h3 a");
  if (link) link.focus({ preventScroll: true });
  items[selected].scrollIntoView({ block: "nearest" });
}

// The article view: its text, the quoted passages, the matched words.
let articleSeq = 0;
async function openArticle(id) {
  const seq = ++articleSeq;
  const params = new URLSearchParams({ id });
  const query = apiQuery(state);
  if (query) params.set("q", query);
  const { ok, body } = await getJson("/api/article?" + params);
  if (seq !== articleSeq || state.id !== id) return;
  els.reader.hidden = false;
  clear(els.readerBody); clear(els.readerQuotes); clear(els.readerMeta); clear(els.readerTitle);
  els.readerLead.textContent = "";
  if (!ok) {
    els.readerTitle.textContent = body.error || "cannot open the article";
    els.readerLead.textContent = body.hint || "";
    els.close.focus();
    return;
  }
  appendMarked(els.readerTitle, body.title || "(no title)", body.title_highlights);
  els.readerMeta.appendChild(el("span", "date", formatDate(body.date)));
  if (body.speakers && body.speakers.length) els.readerMeta.appendChild(el("span", null, "Speakers: " + body.speakers.join(", ")));
  if (body.outlet) els.readerMeta.appendChild(el("span", null, body.outlet));
  if (body.authors && body.authors.length) els.readerMeta.appendChild(el("span", null, "By " + body.authors.join(", ")));
  els.readerMeta.appendChild(el("span", "path", body.path));
  if (body.url && /^https?:\/\//i.test(body.url)) {
    const a = el("a", null, "original");
    a.href = body.url;
    a.rel = "noopener noreferrer";
    els.readerMeta.appendChild(a);
  }
  if (body.lead) els.readerLead.textContent = shown(body.lead);
  const paragraphs = (body.body || "").split("\n");
  const quotes = body.quotes || [];
  const marks = body.body_highlights || [];
  let lineStart = 0;
  paragraphs.forEach((text, n) => {
    const p = el("p");
    const length = new TextEncoder().encode(text).length;
    // Matched words of this paragraph, as ranges within it.
    const own = marks
      .filter(([a, b]) => a >= lineStart && b <= lineStart + length)
      .map(([a, b]) => [a - lineStart, b - lineStart]);
    const quoted = quotes.filter((q) => q.paragraph === n).map((q) => q.range);
    appendParagraph(p, text, quoted, own);
    els.readerBody.appendChild(p);
    lineStart += length + 1;
  });
  for (const q of quotes) {
    const text = paragraphs[q.paragraph] || "";
    const bytes = new TextEncoder().encode(text);
    const li = el("li");
    li.appendChild(el("q", null, new TextDecoder().decode(bytes.subarray(q.range[0], q.range[1]))));
    if (q.speaker) li.appendChild(textNode(" — " + q.speaker));
    els.readerQuotes.appendChild(li);
  }
  els.readerQuotesSection.hidden = quotes.length === 0;
  els.close.focus();
}

// A paragraph with quoted passages in <span class=quote> and matched
// words in <mark>, all as text nodes.
function appendParagraph(p, text, quoted, marks) {
  const bytes = new TextEncoder().encode(text);
  const cuts = new Set([0, bytes.length]);
  for (const [a, b] of quoted.concat(marks)) { cuts.add(a); cuts.add(b); }
  const points = [...cuts].filter((c) => c >= 0 && c <= bytes.length).sort((a, b) => a - b);
  const inside = (ranges, a, b) => ranges.some(([x, y]) => a >= x && b <= y);
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    if (a === b) continue;
    const piece = new TextDecoder().decode(bytes.subarray(a, b));
    let node = textNode(piece);
    if (inside(marks, a, b)) { const m = el("mark"); m.appendChild(node); node = m; }
    if (inside(quoted, a, b)) { const s = el("span", "quote"); s.appendChild(node); node = s; }
    p.appendChild(node);
  }
}

function closeReader() {
  articleSeq++;
  if (els.reader.hidden) return;
  els.reader.hidden = true;
  const items = els.hits.querySelectorAll(".hit");
  if (selected >= 0 && items[selected]) select(selected); else els.q.focus();
}

// Events.
els.q.addEventListener("input", () => {
  clearTimeout(debounce);
  debounce = setTimeout(() => {
    // The first pause of a round of typing makes a history entry; the
    // rest of it replaces that entry.
    commit({ q: els.q.value, offset: "", id: "" }, !typingEntry);
    typingEntry = true;
  }, DEBOUNCE_MS);
});
els.form.addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(debounce);
  commit({ q: els.q.value, offset: "", id: "" }, !typingEntry);
  typingEntry = false;
});
els.sort.addEventListener("change", () => commit({ sort: els.sort.value, offset: "" }, true));
els.collapse.addEventListener("change", () => commit({ collapse: els.collapse.checked ? "1" : "", offset: "" }, true));
els.prev.addEventListener("click", () => commit({ offset: String(Math.max(0, (Number(state.offset) || 0) - PAGE_SIZE)) }, true));
els.next.addEventListener("click", () => commit({ offset: String((Number(state.offset) || 0) + PAGE_SIZE) }, true));
els.close.addEventListener("click", () => commit({ id: "" }, true));
els.reader.addEventListener("click", (e) => { if (e.target === els.reader) commit({ id: "" }, true); });
window.addEventListener("popstate", () => {
  typingEntry = false;
  state = readState(location.search);
  els.q.value = state.q;
  render();
});
document.addEventListener("keydown", (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement;
  if (e.key === "Escape") {
    if (!els.reader.hidden) { e.preventDefault(); commit({ id: "" }, true); }
    else if (typing) els.q.blur();
    return;
  }
  if (!els.reader.hidden) return;
  if (e.key === "/" && !typing) { e.preventDefault(); els.q.focus(); els.q.select(); return; }
  const down = e.key === "ArrowDown" || (!typing && e.key === "j");
  const up = e.key === "ArrowUp" || (!typing && e.key === "k");
  if (down || up) {
    if (!lastHits.length) return;
    e.preventDefault();
    select(selected < 0 ? 0 : selected + (down ? 1 : -1));
    return;
  }
  if (e.key === "Enter" && typing && e.target === els.q && selected < 0) return;
  if (e.key === "Enter" && selected >= 0 && lastHits[selected] && !(e.target instanceof HTMLButtonElement)) {
    e.preventDefault();
    commit({ id: lastHits[selected].id }, true);
  }
});

els.q.value = state.q;
render();
if (!state.q && !state.id) els.q.focus();
