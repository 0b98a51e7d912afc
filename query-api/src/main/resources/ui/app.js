// The registry's web UI. Plain JavaScript, no build step, no third-party code: every answer it
// shows comes from the public JSON API of the instance that served this page. The page's state
// (which page, filters, as-of date, compared versions) lives in the URL's fragment, so any view
// can be bookmarked, shared and reached with Back.

const PAGE_SIZE = 50;
const CAPABILITIES = ["tools", "vision", "streaming", "reasoning", "structured_output", "prompt_caching",
  "audio_input", "audio_output", "web_search", "pdf_input"];
const main = document.getElementById("main");

/** An error the API answered; message is the API's own. */
class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** GET a JSON answer of this registry; throws ApiError with the API's message. */
async function api(path, signal) {
  let res;
  try {
    res = await fetch(path, { headers: { Accept: "application/json" }, signal });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, "the registry did not answer (" + e.message + ")");
  }
  let body = null;
  try {
    body = await res.json();
  } catch (e) {
    body = null;
  }
  if (!res.ok) {
    throw new ApiError(res.status, body && body.message ? body.message : "HTTP " + res.status + " from " + path);
  }
  return body;
}

/** A model id as a path: each segment escaped, the slashes kept. */
function modelPath(id) {
  return id.split("/").map(encodeURIComponent).join("/");
}

// ---------------------------------------------------------------- DOM helpers

/** Makes an element; attrs are properties or attributes, children are nodes or text. */
function h(tag, attrs, ...children) {
  const el = tag === "svg" || SVG_TAGS.has(tag) ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.setAttribute("class", v);
    else if (k in el && !(el instanceof SVGElement) && typeof v !== "string") el[k] = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}
const SVG_TAGS = new Set(["g", "line", "path", "circle", "text", "title", "rect"]);

function append(el, ...children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

function errorBox(e) {
  return h("div", { class: "error", role: "alert" }, e instanceof ApiError ? e.message : "Something went wrong: " + e.message);
}

// ---------------------------------------------------------------- formatting

/** A decimal string per million tokens as dollars, keeping every significant digit. */
function money(s, currency) {
  if (s === null || s === undefined) return null;
  const [int, frac = ""] = String(s).split(".");
  const digits = frac.length < 2 ? frac.padEnd(2, "0") : frac;
  return (currency && currency !== "USD" ? currency + " " : "$") + int + "." + digits;
}

function unknown(text) {
  return h("span", { class: "unknown", title: "no source says" }, text || "unknown");
}

function price(pricing, field) {
  const v = pricing ? money(pricing[field], pricing.currency) : null;
  return v === null ? unknown() : v;
}

function tokens(n) {
  return n === null || n === undefined ? unknown() : Number(n).toLocaleString("en-US");
}

function day(instant) {
  return instant ? String(instant).slice(0, 10) : "";
}

function statusBadge(status) {
  const s = (status || "unknown").toLowerCase();
  return h("span", { class: "badge " + s }, s);
}

function typeBadge(type) {
  const t = (type || "").toLowerCase();
  return h("span", { class: "badge " + t }, t.replace("model_", ""));
}

function modelLink(id, text) {
  return h("a", { href: "#/model/" + id }, text || id);
}

/** A value of a spec field or a change, as text. */
function show(v) {
  if (v === null || v === undefined) return "—";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "(none)";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}

// ---------------------------------------------------------------- routing

/** The route in the URL: page, the model id of a model page, and the query. */
function route() {
  const hash = location.hash.startsWith("#/") ? location.hash.slice(2) : "models";
  const q = hash.indexOf("?");
  const path = q < 0 ? hash : hash.slice(0, q);
  const params = new URLSearchParams(q < 0 ? "" : hash.slice(q + 1));
  const slash = path.indexOf("/");
  const page = slash < 0 ? path : path.slice(0, slash);
  const rest = slash < 0 ? "" : decodeURIComponent(path.slice(slash + 1));
  return { page: page || "models", id: rest, params };
}

function hashOf(page, id, params) {
  const qs = params.toString();
  return "#/" + page + (id ? "/" + id : "") + (qs ? "?" + qs : "");
}

/**
 * Puts new query parameters in the URL. replace: for typing in a filter (no Back step per
 * keystroke); otherwise a new history entry. Never re-renders: the caller refreshes its part.
 */
function setParams(params, replace) {
  const r = route();
  const url = hashOf(r.page, r.id, params);
  if (url === location.hash) return;
  if (replace) history.replaceState(null, "", url);
  else history.pushState(null, "", url);
  shown = location.hash;
}

/** The URL the page on screen shows; Back and links re-render only when it differs. */
let shown = null;

/** Undoes what the current page started (streams, timers) before another is drawn. */
let leavePage = () => {};

const PAGES = { models: modelsPage, model: modelPage, changes: changesPage, deprecations: deprecationsPage, cost: costPage };

function render() {
  shown = location.hash;
  leavePage();
  leavePage = () => {};
  const r = route();
  const page = PAGES[r.page] || notFoundPage;
  for (const a of document.querySelectorAll("header nav a")) {
    const here = a.dataset.page === r.page || (r.page === "model" && a.dataset.page === "models");
    if (here) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  clear(main);
  page(r);
  // After a move within the app (not the first load), start keyboard and screen reader at the new content.
  if (rendered++) main.focus({ preventScroll: true });
}
let rendered = 0;

function notFoundPage(r) {
  document.title = "Not found · Model registry";
  append(main, [h("h1", {}, "No such page"), h("p", {}, "There is no page '", r.page, "'. ", h("a", { href: "#/models" }, "See all models"), ".")]);
}

// ---------------------------------------------------------------- models

/** Models: search and filters, sortable columns, pages of 50; all of it in the URL. */
function modelsPage(r) {
  document.title = "Models · Model registry";
  const p = r.params;
  const results = h("div", { id: "results", "aria-live": "polite", "aria-busy": "true" });
  let seq = 0;
  let typing = null;

  const field = (id, labelText, control) => h("div", {}, h("label", { for: id }, labelText), control);
  const q = h("input", { id: "f-q", type: "search", name: "q", value: p.get("q") || "", placeholder: "id or name, e.g. gpt-4o", autocomplete: "off" });
  const provider = h("select", { id: "f-provider", name: "provider" }, h("option", { value: "" }, "any provider"));
  const type = h("select", { id: "f-type", name: "type" }, h("option", { value: "" }, "any type"));
  const status = h("select", { id: "f-status", name: "status" },
    ["", "active", "deprecated", "retired"].map(s => h("option", { value: s, selected: p.get("status") === s }, s || "any status")));
  const minContext = h("input", { id: "f-min-context", type: "number", min: "0", step: "1000", name: "min_context", value: p.get("min_context") || "", inputmode: "numeric" });
  const maxIn = h("input", { id: "f-max-input", type: "number", min: "0", step: "0.01", name: "max_input_price", value: p.get("max_input_price") || "", inputmode: "decimal" });
  const maxOut = h("input", { id: "f-max-output", type: "number", min: "0", step: "0.01", name: "max_output_price", value: p.get("max_output_price") || "", inputmode: "decimal" });
  const sort = h("select", { id: "f-sort", name: "sort" },
    [["id", "id"], ["name", "name"], ["-context", "largest context"], ["input_price", "cheapest input"], ["output_price", "cheapest output"], ["-updated", "recently changed"]]
      .map(([v, t]) => h("option", { value: v, selected: (p.get("sort") || "id") === v }, t)));
  const chosen = new Set(p.getAll("capability"));
  const capsSummary = h("summary", {}, capsLabel(chosen));
  const caps = h("details", { class: "caps" }, capsSummary,
    h("fieldset", {}, h("legend", { class: "visually-hidden" }, "Capabilities the model must have"),
      CAPABILITIES.map(c => h("label", {}, h("input", { type: "checkbox", name: "capability", value: c, checked: chosen.has(c) }), c.replace(/_/g, " ")))));

  const form = h("form", { class: "filters", role: "search", "aria-label": "Filter models", onsubmit: e => { e.preventDefault(); apply(false); } },
    h("div", { class: "wide" }, h("label", { for: "f-q" }, "Search"), q),
    field("f-provider", "Provider", provider), field("f-type", "Type", type), field("f-status", "Status", status),
    field("f-min-context", "Min context (tokens)", minContext), field("f-max-input", "Max input $/M", maxIn),
    field("f-max-output", "Max output $/M", maxOut), field("f-sort", "Sort by", sort),
    h("div", {}, h("span", { class: "visually-hidden" }, "Capabilities"), caps));

  append(main, [h("h1", {}, "Models"), form, results]);

  // Options come from the registry itself; the URL's choice is kept even before they arrive.
  api("/v1/providers").then(list => {
    for (const o of [...provider.options].slice(1)) o.remove(); // the URL's choice, added below until the list came
    for (const pr of list) provider.append(h("option", { value: pr.provider, selected: p.get("provider") === pr.provider }, pr.provider + " (" + pr.models + ")"));
  }).catch(() => {});
  api("/v1/stats").then(stats => {
    for (const o of [...type.options].slice(1)) o.remove();
    for (const t of Object.keys(stats.byType || {}).filter(t => t !== "unknown")) type.append(h("option", { value: t, selected: p.get("type") === t }, t));
  }).catch(() => {});
  if (p.get("provider")) provider.append(h("option", { value: p.get("provider"), selected: true }, p.get("provider")));
  if (p.get("type")) type.append(h("option", { value: p.get("type"), selected: true }, p.get("type")));

  function capsLabel(set) {
    return set.size ? "Capabilities: " + [...set].join(", ").replace(/_/g, " ") : "Any capabilities";
  }

  /** The filters as the form holds them, without the page cursors. */
  function filters() {
    const out = new URLSearchParams();
    for (const [name, el] of [["q", q], ["provider", provider], ["type", type], ["status", status], ["min_context", minContext],
      ["max_input_price", maxIn], ["max_output_price", maxOut]]) {
      if (el.value.trim()) out.set(name, el.value.trim());
    }
    for (const box of caps.querySelectorAll("input:checked")) out.append("capability", box.value);
    if (sort.value && sort.value !== "id") out.set("sort", sort.value);
    return out;
  }

  function apply(replace) {
    const f = filters();
    capsSummary.textContent = capsLabel(new Set(f.getAll("capability")));
    setParams(f, replace);
    load(f, []);
  }

  q.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => apply(true), 250); });
  for (const el of [provider, type, status, sort]) el.addEventListener("change", () => apply(false));
  for (const el of [minContext, maxIn, maxOut]) el.addEventListener("change", () => apply(true));
  caps.addEventListener("change", () => apply(false));

  /** Loads one page; cursors is the stack of pages before it (their cursors), kept in the URL. */
  async function load(f, cursors) {
    const mine = ++seq;
    const query = new URLSearchParams(f);
    query.set("limit", PAGE_SIZE);
    if (cursors.length) query.set("cursor", cursors[cursors.length - 1]);
    results.setAttribute("aria-busy", "true");
    try {
      const page = await api("/v1/models?" + query);
      if (mine !== seq) return; // a newer request was made while this one ran
      drawResults(f, cursors, page);
    } catch (e) {
      if (mine === seq) clear(results).append(errorBox(e));
    } finally {
      if (mine === seq) results.setAttribute("aria-busy", "false");
    }
  }

  function go(f, cursors) {
    const withPages = new URLSearchParams(f);
    if (cursors.length) withPages.set("c", cursors.join(","));
    setParams(withPages, false);
    load(f, cursors).then(() => results.querySelector("table")?.focus());
  }

  function drawResults(f, cursors, page) {
    clear(results);
    const first = cursors.length * PAGE_SIZE + 1;
    const last = cursors.length * PAGE_SIZE + page.items.length;
    results.append(h("p", { class: "summary", id: "result-count" },
      page.total === 0 ? "No model matches." : page.total.toLocaleString("en-US") + " models" + (page.total > PAGE_SIZE ? ", " + first + "–" + last + " shown" : "")));
    if (!page.items.length) return;
    const current = f.get("sort") || "id";
    const header = (key, text, cls) => {
      const asc = current === key;
      const desc = current === "-" + key;
      return h("th", { class: cls, scope: "col", "aria-sort": asc ? "ascending" : desc ? "descending" : null },
        h("button", { type: "button", class: "sort", onclick: () => { const n = new URLSearchParams(f); n.set("sort", asc ? "-" + key : key); sort.value = n.get("sort"); go(n, []); } },
          text, asc ? " ▲" : desc ? " ▼" : ""));
    };
    const table = h("table", { id: "models", tabindex: "-1" },
      h("caption", { class: "visually-hidden" }, "Models, " + first + " to " + last + " of " + page.total),
      h("thead", {}, h("tr", {}, header("id", "Model"), header("name", "Name", "hide-narrow"), h("th", { scope: "col" }, "Type"),
        header("context", "Context", "num"), header("input_price", "Input $/M", "num"), header("output_price", "Output $/M", "num"),
        h("th", { scope: "col" }, "Status"), header("updated", "Changed", "hide-narrow"))),
      h("tbody", {}, page.items.map(m => h("tr", { "data-id": m.id },
        h("td", { class: "id" }, modelLink(m.id)),
        h("td", { class: "hide-narrow" }, m.spec.displayName || unknown("")),
        h("td", {}, m.spec.modelType || unknown()),
        h("td", { class: "num" }, tokens(m.spec.limits && m.spec.limits.contextWindow)),
        h("td", { class: "num" }, price(m.spec.pricing, "inputPerMillion")),
        h("td", { class: "num" }, price(m.spec.pricing, "outputPerMillion")),
        h("td", {}, statusBadge(m.spec.lifecycle && m.spec.lifecycle.status)),
        h("td", { class: "hide-narrow" }, day(m.recordedAt))))));
    results.append(h("div", { class: "table-wrap" }, table));
    results.append(h("nav", { class: "pager", "aria-label": "Pages of models" },
      h("button", { type: "button", id: "prev", disabled: !cursors.length, onclick: () => go(f, cursors.slice(0, -1)) }, "← Previous"),
      h("span", {}, "Page " + (cursors.length + 1) + " of " + Math.max(1, Math.ceil(page.total / PAGE_SIZE))),
      h("button", { type: "button", id: "next", disabled: !page.next_cursor, onclick: () => go(f, [...cursors, page.next_cursor]) }, "Next →")));
  }

  const start = new URLSearchParams(p);
  start.delete("c");
  load(start, p.get("c") ? p.get("c").split(",") : []);
  leavePage = () => { seq++; clearTimeout(typing); };
}

// ---------------------------------------------------------------- one model

/** The paths a change list shows by default: the spec, not who said it. */
function isBookkeeping(path) {
  return path.startsWith("provenance.") || path.startsWith("extras.") || path.startsWith("conflicts.") || path === "id";
}

/** A model: spec with provenance and conflicts, price chart, versions, as-of, diff, offerings. */
function modelPage(r) {
  const asked = r.id;
  const p = r.params;
  document.title = asked + " · Model registry";
  if (!asked) {
    location.hash = "#/models";
    return;
  }
  const controller = new AbortController();
  leavePage = () => controller.abort();
  const head = h("div", {}, h("h1", {}, asked), h("p", { class: "sub" }, "Loading…"));
  append(main, head);

  (async () => {
    let current;
    try {
      current = await api("/v1/models/" + modelPath(asked), controller.signal);
    } catch (e) {
      if (e.name === "AbortError") return;
      append(main, errorBox(e), h("p", {}, h("a", { href: "#/models?q=" + encodeURIComponent(asked) }, "Search for '" + asked + "'")));
      return;
    }
    const id = current.id;
    const [history, offerings] = await Promise.all([
      allHistory(id, controller.signal),
      api("/v1/models/" + modelPath(id) + "/offerings", controller.signal).catch(() => null)]);
    drawModel(current, history, offerings);
  })().catch(e => { if (e.name !== "AbortError") main.append(errorBox(e)); });

  function drawModel(current, history, offerings) {
    const id = current.id;
    const spec = current.spec;
    document.title = (spec.displayName || id) + " · Model registry";
    clear(head);
    append(head, [h("h1", {}, spec.displayName && spec.displayName !== id ? spec.displayName : id),
      h("p", { class: "sub" }, h("code", {}, id), " · ", spec.provider, " · ", statusBadge(spec.lifecycle && spec.lifecycle.status),
        " · version " + current.version + " of " + history.length,
        current.resolvedFrom ? " · '" + current.resolvedFrom + "' is an alias of this model" : "")]);

    const first = history.length ? day(history[0].recordedAt) : null;
    const today = new Date().toISOString().slice(0, 10);
    const asOfInput = h("input", { id: "asof", type: "date", min: first, max: today, value: p.get("as_of") || "" });
    const asOfHelp = h("span", { class: "muted", id: "asof-help" }, "first recorded " + first);
    const viewArea = h("div", { id: "as-of-view", "aria-live": "polite" });
    const chartArea = h("div", {});
    append(main, [
      h("form", { class: "asof", "aria-label": "Show the model as it was", onsubmit: e => { e.preventDefault(); choose(asOfInput.value); } },
        h("div", {}, h("label", { for: "asof" }, "Show as of"), asOfInput),
        h("button", { type: "submit" }, "Show"),
        h("button", { type: "button", id: "asof-now", onclick: () => { asOfInput.value = ""; choose(""); } }, "Now"),
        asOfHelp),
      viewArea,
      h("h2", { id: "price-heading" }, "Price over time"), chartArea]);
    // Typing a date fires change at every digit of the year: act once the typing pauses.
    let picking = null;
    asOfInput.addEventListener("change", () => { clearTimeout(picking); picking = setTimeout(() => choose(asOfInput.value), 400); });

    const versionsSection = timeline(id, history);
    const diffSection = diffView(id, history, p);
    append(main, [versionsSection, diffSection, offeringsView(id, offerings)]);

    /** Moves the as-of date: the URL, the spec shown, the chart's marker. */
    async function choose(date) {
      clearTimeout(picking);
      const next = new URLSearchParams(route().params);
      if (date) next.set("as_of", date);
      else next.delete("as_of");
      setParams(next, false);
      await showAsOf(date);
    }

    let shownSeq = 0;
    async function showAsOf(date) {
      const mine = ++shownSeq;
      clear(viewArea).setAttribute("aria-busy", "true");
      let state = current;
      let note = null;
      if (date) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
          viewArea.append(h("div", { class: "error", role: "alert" }, "'" + date + "' is not a date: use YYYY-MM-DD."));
          viewArea.setAttribute("aria-busy", "false");
          return;
        }
        try {
          // the end of the chosen day: what a reader saw that day
          state = await api("/v1/models/" + modelPath(id) + "?as_of=" + date + "T23:59:59Z", controller.signal);
          note = h("p", { class: "notice", id: "asof-note" }, "As it was on " + date + ": version " + state.version + " of " + history.length + ", recorded " + day(state.recordedAt) + ".");
        } catch (e) {
          if (e.name === "AbortError" || mine !== shownSeq) return;
          viewArea.append(e.status === 404 ? h("p", { class: "notice", id: "asof-note" }, id + " was not in the registry on " + date + " (first recorded " + first + ").") : errorBox(e));
          viewArea.setAttribute("aria-busy", "false");
          clear(chartArea).append(priceChart(history, date));
          return;
        }
      }
      if (mine !== shownSeq) return; // a later choice is on its way
      append(viewArea, [note, facts(state.spec), specTable(state.spec)]);
      viewArea.setAttribute("aria-busy", "false");
      clear(chartArea).append(priceChart(history, date));
      for (const li of versionsSection.querySelectorAll("li[data-version]")) {
        li.classList.toggle("current", Number(li.dataset.version) === state.version);
      }
    }
    showAsOf(p.get("as_of") || "");
  }
}

async function allHistory(id, signal) {
  const items = [];
  let cursor = null;
  do {
    const page = await api("/v1/models/" + modelPath(id) + "/history?limit=1000" + (cursor ? "&cursor=" + encodeURIComponent(cursor) : ""), signal);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

function facts(spec) {
  const l = spec.limits || {};
  const fact = (label, value, testid) => h("div", { "data-testid": testid }, h("dt", {}, label), h("dd", {}, value));
  return h("dl", { class: "facts" },
    fact("Input per 1M tokens", price(spec.pricing, "inputPerMillion"), "price-input"),
    fact("Output per 1M tokens", price(spec.pricing, "outputPerMillion"), "price-output"),
    fact("Context window", tokens(l.contextWindow), "context"),
    fact("Max output", tokens(l.maxOutputTokens), "max-output"),
    fact("Type", spec.modelType || unknown(), "type"),
    fact("Token-limit parameter", spec.tokenLimitParameter || unknown(), "token-limit"),
    fact("Temperature", temperature(spec.temperature), "temperature"));
}

function temperature(t) {
  if (!t || !t.kind) return unknown();
  if (t.kind === "fixed" || (t.allowed && t.allowed.length)) return t.kind + " (" + t.allowed.join(", ") + ")";
  return t.kind;
}

/** Flattens a spec into field paths as provenance names them: capabilities.vision, pricing.inputPerMillion... */
function flatten(spec) {
  const out = [];
  const walk = (prefix, v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(prefix ? prefix + "." + k : k, x);
    } else if (v !== null && v !== undefined && !(Array.isArray(v) && !v.length)) {
      out.push([prefix, v]);
    }
  };
  for (const [k, v] of Object.entries(spec)) {
    if (["provenance", "conflicts", "extras", "id"].includes(k)) continue;
    walk(k, v);
  }
  return out;
}

function provenanceOf(spec, path) {
  if (path === "provider") return "the id";
  const prov = spec.provenance || {};
  // an array or object field is attributed as a whole (modalitiesIn, temperature.kind)
  return prov[path] || prov[path.split(".").slice(0, 2).join(".")] || prov[path.split(".")[0]] || null;
}

function sourceBadge(source) {
  if (!source) return unknown("not attributed");
  if (source.startsWith("derived:")) return h("span", { class: "badge derived", title: "decided by the rule " + source.slice(8) }, "derived: " + source.slice(8));
  return h("span", { class: "badge" }, source);
}

/** Every field with the source it came from; conflicting sources listed under their field. */
function specTable(spec) {
  const conflicts = spec.conflicts || {};
  const rows = flatten(spec).map(([path, value]) => h("tr", { "data-field": path },
    h("th", { scope: "row" }, path),
    h("td", {}, show(value), conflicts[path] ? h("div", {}, h("span", { class: "badge conflict" }, "sources disagree"), " ",
      Object.entries(conflicts[path]).map(([s, v]) => s + ": " + show(v)).join(" · ")) : null),
    h("td", {}, sourceBadge(provenanceOf(spec, path)))));
  for (const path of Object.keys(conflicts).filter(c => !flatten(spec).some(([p]) => p === c))) {
    rows.push(h("tr", { "data-field": path }, h("th", { scope: "row" }, path),
      h("td", {}, unknown(), " ", h("span", { class: "badge conflict" }, "sources disagree"), " ",
        Object.entries(conflicts[path]).map(([s, v]) => s + ": " + show(v)).join(" · ")), h("td", {}, "")));
  }
  const extras = Object.entries(spec.extras || {});
  return h("section", { "aria-labelledby": "spec-heading" },
    h("h2", { id: "spec-heading" }, "Specification"),
    h("p", { class: "muted" }, "Each field with the source that supplied it; \"derived\" marks a rule's decision; fields no source gives are left out, never guessed."),
    h("div", { class: "table-wrap" }, h("table", { id: "spec" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Field"), h("th", { scope: "col" }, "Value"), h("th", { scope: "col" }, "Source"))),
      h("tbody", {}, rows))),
    extras.length ? h("details", {}, h("summary", {}, "Source-specific fields (" + extras.length + ")"),
      h("ul", { class: "changes" }, extras.map(([k, v]) => h("li", {}, h("code", {}, k), " = ", v)))) : null);
}

/** The input and output price at each version, as steps over time. */
function priceSeries(history) {
  const points = [];
  let input = null;
  let output = null;
  for (const v of history) {
    let moved = false;
    for (const c of v.changes) {
      if (c.path === "pricing.inputPerMillion") { input = c.new; moved = true; }
      if (c.path === "pricing.outputPerMillion") { output = c.new; moved = true; }
      if (c.path === "pricing" && c.new === null) { input = null; output = null; moved = true; }
    }
    if (moved || !points.length) points.push({ at: new Date(v.recordedAt), version: v.version, input, output });
  }
  return points;
}

/** A step chart of the input and output price per million tokens; every change is a point. */
function priceChart(history, asOf) {
  const points = priceSeries(history);
  const priced = points.filter(pt => pt.input !== null || pt.output !== null);
  const wrap = h("div", { id: "price-chart" });
  if (!priced.length) {
    wrap.append(h("p", { class: "unknown" }, "No source has given a price for this model."));
    return wrap;
  }
  const W = 640, H = 240, L = 58, R = 16, T = 12, B = 30;
  const t0 = points[0].at.getTime();
  const t1 = Math.max(Date.now(), points[points.length - 1].at.getTime() + 86400000);
  const max = Math.max(...priced.flatMap(pt => [Number(pt.input || 0), Number(pt.output || 0)])) || 1;
  const step = niceCeil(max / 4);
  const ticks = Math.ceil(max * 1.05 / step);
  const top = step * ticks;
  const x = t => L + (t - t0) / (t1 - t0) * (W - L - R);
  const y = v => T + (1 - v / top) * (H - T - B);
  const svg = h("svg", { class: "chart", viewBox: "0 0 " + W + " " + H, role: "img", "aria-labelledby": "chart-title" },
    h("title", { id: "chart-title" }, "Price per million tokens over time: " + priced.length + " price" + (priced.length > 1 ? "s" : "") + "; latest input "
      + money(points[points.length - 1].input) + ", output " + money(points[points.length - 1].output)));
  for (let i = 0; i <= ticks; i++) {
    const v = step * i;
    svg.append(h("line", { class: i ? "grid" : "axis", x1: L, x2: W - R, y1: y(v), y2: y(v) }),
      h("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end" }, "$" + trim(v)));
  }
  for (let i = 0; i <= 4; i++) {
    const t = t0 + (t1 - t0) * i / 4;
    svg.append(h("text", { x: x(t), y: H - 10, "text-anchor": i === 0 ? "start" : i === 4 ? "end" : "middle" }, new Date(t).toISOString().slice(0, 7)));
  }
  for (const series of ["input", "output"]) {
    let d = "";
    let last = null;
    for (const pt of points) {
      const v = pt[series];
      if (v === null) { last = null; continue; }
      d += last === null ? "M" + x(pt.at.getTime()) + "," + y(Number(v)) : "H" + x(pt.at.getTime()) + "V" + y(Number(v));
      last = v;
    }
    if (last !== null) d += "H" + x(t1);
    svg.append(h("path", { class: "line " + series, d }));
    for (const pt of points) {
      if (pt[series] === null) continue;
      svg.append(h("circle", { class: series, cx: x(pt.at.getTime()), cy: y(Number(pt[series])), r: 4.5, "data-version": pt.version },
        h("title", {}, series + " " + money(pt[series]) + "/M from " + day(pt.at.toISOString()) + " (version " + pt.version + ")")));
    }
  }
  if (asOf) {
    const t = new Date(asOf + "T23:59:59Z").getTime();
    if (t >= t0 && t <= t1) {
      svg.append(h("line", { class: "marker", x1: x(t), x2: x(t), y1: T, y2: H - B }),
        h("text", { x: x(t) + 4, y: T + 10 }, "as of " + asOf));
    }
  }
  wrap.append(h("div", { class: "legend" }, h("span", {}, h("span", { class: "swatch input" }), "input $/M"),
    h("span", {}, h("span", { class: "swatch output" }), "output $/M")), svg,
  h("details", {}, h("summary", {}, "Prices as a table"),
    h("div", { class: "table-wrap" }, h("table", { id: "price-table" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "From"), h("th", { scope: "col" }, "Version"), h("th", { scope: "col", class: "num" }, "Input $/M"), h("th", { scope: "col", class: "num" }, "Output $/M"))),
      h("tbody", {}, points.map(pt => h("tr", {}, h("td", {}, day(pt.at.toISOString())), h("td", {}, pt.version),
        h("td", { class: "num" }, money(pt.input) || unknown()), h("td", { class: "num" }, money(pt.output) || unknown()))))))));
  return wrap;
}

function niceCeil(v) {
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function trim(v) {
  return Number(v.toPrecision(6)).toString();
}

/** Every version, newest first, with its field changes; bookkeeping fields behind a switch. */
function timeline(id, history) {
  const list = h("ol", { class: "timeline", id: "timeline" });
  const toggle = h("input", { type: "checkbox", id: "show-bookkeeping" });
  const draw = () => {
    clear(list);
    for (const v of [...history].reverse()) {
      const shown = v.changes.filter(c => toggle.checked || !isBookkeeping(c.path));
      const hidden = v.changes.length - shown.length;
      list.append(h("li", { "data-version": v.version },
        h("div", { class: "vhead" }, h("span", { class: "v" }, "v" + v.version), h("time", { datetime: v.recordedAt }, day(v.recordedAt)),
          typeBadge(v.type), h("span", { class: "muted" }, "from " + v.source),
          h("a", { href: hashOf("model", id, new URLSearchParams({ as_of: day(v.recordedAt) })) }, "view as of this day")),
        shown.length ? h("ul", { class: "changes" }, shown.map(change)) : null,
        hidden ? h("p", { class: "muted" }, hidden + " bookkeeping change" + (hidden > 1 ? "s" : "") + " (sources, conflicts, extras)") : null));
    }
  };
  toggle.addEventListener("change", draw);
  draw();
  return h("section", { "aria-labelledby": "versions-heading" }, h("h2", { id: "versions-heading" }, "Versions (" + history.length + ")"),
    h("p", {}, h("label", { class: "inline" }, toggle, " Show which source said what (provenance, conflicts, extras)")), list);
}

function change(c) {
  return h("li", {}, h("code", {}, c.path), " ",
    c.kind === "introduced" ? h("span", { class: "new" }, show(c.new))
      : c.kind === "removed" ? h("span", { class: "old" }, show(c.old))
        : [h("span", { class: "old" }, show(c.old)), " → ", h("span", { class: "new" }, show(c.new))]);
}

/** Compare any two versions; the choice is in the URL (from, to). */
function diffView(id, history, p) {
  const options = sel => history.map(v => h("option", { value: v.version, selected: String(v.version) === sel }, "v" + v.version + " · " + day(v.recordedAt)));
  const last = history.length ? String(history[history.length - 1].version) : "";
  const from = h("select", { id: "diff-from" }, options(p.get("from") || (history.length > 1 ? String(history[history.length - 2].version) : last)));
  const to = h("select", { id: "diff-to" }, options(p.get("to") || last));
  const out = h("div", { id: "diff", "aria-live": "polite" });
  const run = async push => {
    if (push) {
      const next = new URLSearchParams(route().params);
      next.set("from", from.value);
      next.set("to", to.value);
      setParams(next, false);
    }
    clear(out);
    try {
      const d = await api("/v1/models/" + modelPath(id) + "/diff?from=" + from.value + "&to=" + to.value);
      const changes = d.changes.filter(c => !isBookkeeping(c.path));
      out.append(changes.length ? h("ul", { class: "changes" }, changes.map(change))
        : h("p", {}, "No field of the spec differs between v" + from.value + " and v" + to.value + (d.changes.length ? " (only sources and extras do)." : ".")));
    } catch (e) {
      out.append(errorBox(e));
    }
  };
  const section = h("section", { "aria-labelledby": "diff-heading" }, h("h2", { id: "diff-heading" }, "Compare two versions"),
    h("form", { class: "inline", onsubmit: e => { e.preventDefault(); run(true); } },
      h("div", {}, h("label", { for: "diff-from" }, "From"), from), h("div", {}, h("label", { for: "diff-to" }, "To"), to),
      h("button", { type: "submit", id: "diff-run" }, "Compare")), out);
  if (p.get("from") || p.get("to")) run(false);
  return section;
}

function offeringsView(id, offerings) {
  const list = offerings && offerings.offerings ? offerings.offerings.filter(o => o.id !== id) : [];
  return h("section", { "aria-labelledby": "offerings-heading" }, h("h2", { id: "offerings-heading" }, "Offered by other providers (" + list.length + ")"),
    list.length ? h("div", { class: "table-wrap" }, h("table", { id: "offerings" },
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Model"), h("th", { scope: "col" }, "Relation"), h("th", { scope: "col", class: "num" }, "Input $/M"),
        h("th", { scope: "col", class: "num" }, "Output $/M"), h("th", { scope: "col", class: "num" }, "Context"), h("th", { scope: "col" }, "Status"))),
      h("tbody", {}, list.map(o => h("tr", {}, h("td", { class: "id" }, modelLink(o.id)), h("td", {}, o.relation),
        h("td", { class: "num" }, price(o.pricing, "inputPerMillion")), h("td", { class: "num" }, price(o.pricing, "outputPerMillion")),
        h("td", { class: "num" }, tokens(o.limits && o.limits.contextWindow)), h("td", {}, statusBadge(o.status)))))))
      : h("p", { class: "muted" }, "No other provider's offering of this model is known."));
}

// ---------------------------------------------------------------- changes

/** The newest changes, then every new one as it is recorded (server-sent events). */
function changesPage(r) {
  document.title = "Changes · Model registry";
  const p = r.params;
  const provider = h("input", { id: "c-provider", type: "text", value: p.get("provider") || "", placeholder: "e.g. openai", autocomplete: "off" });
  const model = h("input", { id: "c-model", type: "text", value: p.get("model") || "", placeholder: "e.g. openai/gpt-4o", autocomplete: "off" });
  const state = h("span", { class: "live", id: "live-state", role: "status" }, h("span", { class: "dot" }), "connecting…");
  const feed = h("ol", { class: "feed", id: "feed", "aria-live": "polite", "aria-relevant": "additions" });
  const seen = new Set();
  let source = null;

  append(main, [h("h1", {}, "Changes"),
    h("form", { class: "filters", "aria-label": "Filter changes", onsubmit: e => { e.preventDefault(); restart(); } },
      h("div", {}, h("label", { for: "c-provider" }, "Provider"), provider),
      h("div", {}, h("label", { for: "c-model" }, "Model"), model),
      h("div", {}, h("button", { type: "submit", class: "primary" }, "Apply"))),
    h("p", {}, state, " ", h("a", { href: "/v1/feed.atom" + (p.toString() ? "?" + p : ""), id: "atom-link" }, "Atom feed of this view")),
    feed]);

  function entry(c, fresh) {
    const key = c.id + "@" + c.version;
    if (seen.has(key)) return null;
    seen.add(key);
    const fields = c.changes.filter(x => !isBookkeeping(x.path));
    const prices = fields.filter(x => x.path.startsWith("pricing.") && x.kind !== "introduced");
    return h("li", { class: fresh ? "fresh" : null, "data-id": c.id, "data-version": c.version },
      h("div", { class: "vhead" }, h("time", { datetime: c.recordedAt }, String(c.recordedAt).replace("T", " ").slice(0, 16)),
        typeBadge(c.type), modelLink(c.id), h("span", { class: "muted" }, "v" + c.version + " from " + c.source)),
      prices.length ? h("ul", { class: "changes" }, prices.map(change))
        : h("p", { class: "muted" }, fields.length ? fields.length + " field" + (fields.length > 1 ? "s" : "") + ": " + fields.slice(0, 6).map(x => x.path).join(", ") + (fields.length > 6 ? "…" : "") : "sources only"));
  }

  async function restart() {
    const f = new URLSearchParams();
    if (provider.value.trim()) f.set("provider", provider.value.trim());
    if (model.value.trim()) f.set("model", model.value.trim().toLowerCase());
    setParams(f, false);
    document.getElementById("atom-link").href = "/v1/feed.atom" + (f.toString() ? "?" + f : "");
    await start(f);
  }

  async function start(f) {
    if (source) source.close();
    source = null;
    seen.clear();
    clear(feed);
    state.className = "live";
    state.lastChild.textContent = "loading…";
    let first;
    try {
      const q = new URLSearchParams(f);
      q.set("newest", "true");
      q.set("limit", "50");
      first = await api("/v1/changes?" + q);
    } catch (e) {
      feed.append(h("li", {}, errorBox(e)));
      state.lastChild.textContent = "not connected";
      return;
    }
    for (const c of first.items) {
      const li = entry(c, false);
      if (li) feed.append(li);
    }
    if (!first.items.length) feed.append(h("li", { class: "muted", id: "feed-empty" }, "No change matches yet; new ones appear here."));
    const q = new URLSearchParams(f);
    q.set("after", first.next);
    source = new EventSource("/v1/changes/stream?" + q);
    source.addEventListener("open", () => { state.className = "live on"; state.lastChild.textContent = "live: new changes appear at the top"; });
    source.addEventListener("error", () => { state.className = "live"; state.lastChild.textContent = "reconnecting…"; });
    source.addEventListener("change", ev => {
      const li = entry(JSON.parse(ev.data), true);
      if (li) {
        document.getElementById("feed-empty")?.remove();
        feed.prepend(li);
      }
    });
  }

  leavePage = () => { if (source) source.close(); };
  start(new URLSearchParams([...p].filter(([k]) => k === "provider" || k === "model")));
}

// ---------------------------------------------------------------- deprecations

/** What goes away and when, and what replaces it. */
function deprecationsPage(r) {
  document.title = "Deprecations · Model registry";
  const p = r.params;
  const provider = h("input", { id: "d-provider", type: "text", value: p.get("provider") || "", placeholder: "e.g. openai", autocomplete: "off" });
  const status = h("select", { id: "d-status" }, [["deprecated", "deprecated (still listed)"], ["retired", "retired"]]
    .map(([v, t]) => h("option", { value: v, selected: (p.get("status") || "deprecated") === v }, t)));
  const order = h("select", { id: "d-order" }, [["-retirement", "latest date first"], ["retirement", "earliest date first"]]
    .map(([v, t]) => h("option", { value: v, selected: (p.get("sort") || "-retirement") === v }, t)));
  const out = h("div", { id: "deprecations", "aria-live": "polite" });
  append(main, [h("h1", {}, "Deprecations"),
    h("p", { class: "muted" }, "Models their provider deprecated, by the date they go away (the retirement date where a source gives one, else the deprecation date), with the replacement where a source names one."),
    h("form", { class: "filters", "aria-label": "Filter deprecations", onsubmit: e => { e.preventDefault(); apply(); } },
      h("div", {}, h("label", { for: "d-provider" }, "Provider"), provider),
      h("div", {}, h("label", { for: "d-status" }, "Status"), status),
      h("div", {}, h("label", { for: "d-order" }, "Order"), order),
      h("div", {}, h("button", { type: "submit", class: "primary" }, "Apply"))), out]);
  status.addEventListener("change", apply);
  order.addEventListener("change", apply);

  function apply() {
    const f = new URLSearchParams();
    if (provider.value.trim()) f.set("provider", provider.value.trim());
    if (status.value !== "deprecated") f.set("status", status.value);
    if (order.value !== "-retirement") f.set("sort", order.value);
    setParams(f, false);
    load(f, null);
  }

  async function load(f, cursor) {
    const q = new URLSearchParams({ status: f.get("status") || "deprecated", sort: f.get("sort") || "-retirement", limit: "100" });
    if (f.get("provider")) q.set("provider", f.get("provider"));
    if (cursor) q.set("cursor", cursor);
    if (!cursor) clear(out);
    let page;
    try {
      page = await api("/v1/models?" + q);
    } catch (e) {
      out.append(errorBox(e));
      return;
    }
    document.getElementById("more")?.remove();
    if (!cursor) {
      out.append(h("p", { class: "summary" }, page.total ? page.total.toLocaleString("en-US") + " models" : "No model matches."));
      if (!page.total) return;
      out.append(h("div", { class: "table-wrap" }, h("table", { id: "deprecated" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Model"), h("th", { scope: "col" }, "Deprecated"), h("th", { scope: "col" }, "Retires"),
          h("th", { scope: "col" }, "Goes away"), h("th", { scope: "col" }, "Replacement"))), h("tbody", {}))));
    }
    const body = out.querySelector("tbody");
    const now = Date.now();
    for (const m of page.items) {
      const l = m.spec.lifecycle || {};
      const end = l.retirementDate || l.deprecationDate;
      const days = end ? Math.round((new Date(end + "T00:00:00Z").getTime() - now) / 86400000) : null;
      body.append(h("tr", { "data-id": m.id },
        h("td", { class: "id" }, modelLink(m.id)),
        h("td", {}, l.deprecationDate || unknown()),
        h("td", {}, l.retirementDate || unknown("not announced")),
        h("td", {}, end === null || end === undefined ? unknown() : days >= 0 ? "in " + days + " days" : -days + " days ago"),
        h("td", { class: "id" }, l.replacement ? modelLink(l.replacement) : unknown("none named"))));
    }
    if (page.next_cursor) out.append(h("button", { type: "button", id: "more", onclick: () => load(f, page.next_cursor) }, "Show more"));
  }
  load(new URLSearchParams([...p].filter(([k]) => ["provider", "status", "sort"].includes(k))), null);
}

// ---------------------------------------------------------------- cost

/** A bill recomputed with the prices valid on its day, beside what it costs now. */
function costPage(r) {
  document.title = "Cost · Model registry";
  const p = r.params;
  const model = h("input", { id: "cost-model", type: "text", required: true, value: p.get("model") || "", placeholder: "e.g. openai/gpt-4o", autocomplete: "off" });
  const input = h("input", { id: "cost-input", type: "number", min: "0", step: "1", required: true, value: p.get("input") || "1000000", inputmode: "numeric" });
  const output = h("input", { id: "cost-output", type: "number", min: "0", step: "1", required: true, value: p.get("output") || "0", inputmode: "numeric" });
  // The other counts a bill can have; each is sent only when set, and kept in the URL like the rest.
  const extras = [["cached", "cached_input_tokens", "Cached input tokens"], ["reasoning", "reasoning_tokens", "Reasoning tokens"]]
    .map(([key, param, label]) => ({ key, param, label,
      field: h("input", { id: "cost-" + key, type: "number", min: "0", step: "1", value: p.get(key) || "", inputmode: "numeric", placeholder: "0" }) }));
  const tier = h("select", { id: "cost-tier" }, ["standard", "batch", "priority", "flex"].map(t =>
    h("option", { value: t, selected: (p.get("tier") || "standard") === t }, t)));
  const at = h("input", { id: "cost-at", type: "date", value: p.get("at") || "", max: new Date().toISOString().slice(0, 10) });
  const out = h("div", { id: "cost-result", "aria-live": "polite" });
  append(main, [h("h1", {}, "Cost"),
    h("p", { class: "muted" }, "What a number of tokens cost on a given day, with the prices the registry recorded as valid then."),
    h("form", { class: "filters", "aria-label": "Recompute a bill", onsubmit: e => { e.preventDefault(); compute(true); } },
      h("div", { class: "wide" }, h("label", { for: "cost-model" }, "Model (id or alias)"), model),
      h("div", {}, h("label", { for: "cost-input" }, "Input tokens"), input),
      h("div", {}, h("label", { for: "cost-output" }, "Output tokens"), output),
      extras.map(x => h("div", {}, h("label", { for: x.field.id }, x.label), x.field)),
      h("div", {}, h("label", { for: "cost-tier" }, "Service tier"), tier),
      h("div", {}, h("label", { for: "cost-at" }, "Day of the bill"), at),
      h("div", {}, h("button", { type: "submit", class: "primary", id: "cost-run" }, "Compute"))), out]);

  async function compute(push) {
    if (push) {
      const f = new URLSearchParams({ model: model.value.trim(), input: input.value, output: output.value });
      for (const x of extras) if (x.field.value) f.set(x.key, x.field.value);
      if (tier.value !== "standard") f.set("tier", tier.value);
      if (at.value) f.set("at", at.value);
      setParams(f, false);
    }
    clear(out);
    let base = "/v1/cost?model=" + encodeURIComponent(model.value.trim()) + "&input_tokens=" + encodeURIComponent(input.value) + "&output_tokens=" + encodeURIComponent(output.value);
    for (const x of extras) if (x.field.value) base += "&" + x.param + "=" + encodeURIComponent(x.field.value);
    if (tier.value !== "standard") base += "&service_tier=" + tier.value;
    const asks = [api(base)];
    if (at.value) asks.unshift(api(base + "&at=" + at.value + "T23:59:59Z"));
    const answers = await Promise.allSettled(asks);
    const sections = answers.map((a, i) => {
      const title = at.value && i === 0 ? "On " + at.value : "Now";
      if (a.status === "rejected") return h("section", {}, h("h2", {}, title), errorBox(a.reason));
      const c = a.value;
      return h("section", { "data-testid": at.value && i === 0 ? "cost-then" : "cost-now" }, h("h2", {}, title),
        h("p", { class: "total" }, money(c.total, c.currency) + (c.complete ? "" : " or more")),
        ...c.lines.map(l => h("p", { "data-testid": "cost-line" }, Number(l.quantity).toLocaleString("en-US") + " " + l.component.replace(/_/g, " ") + " × "
          + (l.known ? money(l.price, c.currency) + (l.unit === "1M tokens" ? "/M" : " per " + l.unit) + " = " + money(l.amount, c.currency) : "unknown price")
          + (l.rule ? " (" + l.rule + ")" : ""))),
        ...c.rules.map(r => h("p", { class: "muted" }, r.name + ": " + r.meaning)),
        c.complete ? null : h("p", { class: "muted" }, "No price is known for some components; the total counts the known ones only."),
        h("p", { class: "muted" }, "Prices of ", modelLink(c.id), " version " + c.version + ", valid from " + day(c.pricesValidFrom) + "."));
    });
    out.append(h("div", { class: "cost-result" }, sections));
  }
  if (p.get("model")) compute(false);
}

// ---------------------------------------------------------------- start

document.getElementById("skip").addEventListener("click", e => { e.preventDefault(); main.focus(); });
// Back after pushState fires popstate, a link fires hashchange, some moves fire both.
for (const event of ["hashchange", "popstate"]) window.addEventListener(event, () => { if (location.hash !== shown) render(); });
render();
