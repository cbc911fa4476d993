// whofree's page: an event type's week as a grid of hosts x slots (GET /v1/event_type_available_times
// with explain=true), a heat map of days x time of day, and holds (POST/DELETE /v1/reservations).
// Plain JS, no build step, nothing from elsewhere. Every cell's state comes from the API's answer:
// `available_hosts` = free, `unavailable[].reason` = the rest; a host with neither is shown as "no reason".
"use strict";
(function () {
  // The body of a hold (API.md §4): the host clicked; whofree completes the meeting with the hosts it needs.
  const holdBody = (eventType, startTime, host) => ({ event_type: eventType, start_time: startTime, hosts: [host] });

  const STATES = {
    free: { glyph: "\u2713", text: "free (select to hold)" },
    busy: { glyph: "\u00d7", text: "busy" },
    outside_hours: { glyph: "\u00b7", text: "outside hours" },
    held: { glyph: "H", text: "held" },
    unknown: { glyph: "?", text: "unknown (calendar could not be read)" },
    none: { glyph: "\u2013", text: "no reason given" },
  };
  const KEY_STORE = "whofree-api-key";
  const HOLD_STORE = "whofree-holds";
  const $ = (id) => document.getElementById(id);
  const esc = (s) =>
    String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

  const state = {
    eventType: "",
    tz: "",
    week: null, // {y, m, d}: the Monday, as a calendar date in tz
    view: "grid",
    configured: [], // GET /v1/event_types
    data: null, // the last answer, prepared for drawing
    holds: loadHolds(),
    focus: { r: 0, c: 0 },
    win: null, // the rows and columns drawn: {r0, r1, c0, c1, whole}
  };
  window.whofreeTiming = null; // for benchmarks and tests: {response, parsed, built, painted} in ms

  // ------------------------------------------------------------------ time zones (Intl only)
  const partsCache = new Map();
  function formatter(tz) {
    let f = partsCache.get(tz);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", {
        timeZone: tz,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
        weekday: "short",
      });
      partsCache.set(tz, f);
    }
    return f;
  }
  // The wall clock in tz at instant ms: {y, m, d, h, mi, s, wd}.
  function wall(ms, tz) {
    const out = {};
    for (const p of formatter(tz).formatToParts(new Date(ms))) out[p.type] = p.value;
    return {
      y: +out.year,
      m: +out.month,
      d: +out.day,
      h: +out.hour % 24,
      mi: +out.minute,
      s: +out.second,
      wd: out.weekday,
    };
  }
  function offset(ms, tz) {
    const w = wall(ms, tz);
    return Date.UTC(w.y, w.m - 1, w.d, w.h, w.mi, w.s) - Math.floor(ms / 1000) * 1000;
  }
  // A wall-clock time in tz to an instant, by the "compatible" rule (API.md §2): an ambiguous time takes
  // the earlier instant, a time in a gap moves forward by the gap.
  function instant(y, m, d, h, mi, tz) {
    const naive = Date.UTC(y, m - 1, d, h, mi);
    const before = naive - offset(naive - 86400000, tz);
    const after = naive - offset(naive + 86400000, tz);
    const ok = [before, after].filter((t) => {
      const w = wall(t, tz);
      return w.y === y && w.m === m && w.d === d && w.h === h && w.mi === mi;
    });
    if (ok.length) return Math.min(...ok);
    return before; // in a gap: the offset in force before it, which lands after the gap
  }
  function addDays(date, n) {
    const t = new Date(Date.UTC(date.y, date.m - 1, date.d + n));
    return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
  }
  function monday(date) {
    const wd = new Date(Date.UTC(date.y, date.m - 1, date.d)).getUTCDay(); // 0 = Sunday
    return addDays(date, -((wd + 6) % 7));
  }
  const pad = (n) => String(n).padStart(2, "0");
  const isoDate = (date) => `${date.y}-${pad(date.m)}-${pad(date.d)}`;
  const isoInstant = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const dayLabel = (w) => `${w.wd} ${w.d} ${MONTHS[w.m - 1]}`;
  const timeLabel = (w) => `${pad(w.h)}:${pad(w.mi)}`;
  function zoneValid(tz) {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch (e) {
      return false;
    }
  }

  // ------------------------------------------------------------------ HTTP
  class HttpError extends Error {
    constructor(status, body) {
      const details = (body && body.details) || [];
      const text = details.map((d) => `${d.parameter}: ${d.message}`).join("; ");
      super(`${status} ${(body && body.title) || ""}: ${(body && body.message) || ""}${text ? " (" + text + ")" : ""}`);
      this.status = status;
      this.body = body;
    }
  }
  async function call(method, path, body) {
    const headers = {};
    const key = sessionStorage.getItem(KEY_STORE);
    if (key) headers["x-api-key"] = key;
    if (body !== undefined) headers["content-type"] = "application/json";
    // Relative to this page (…/v1/ui), so that a stage prefix (/Prod/v1/ui) is kept.
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (response.status === 401 || response.status === 403) {
      askForKey();
    }
    return response;
  }
  async function json(response) {
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = { title: "Unreadable answer", message: text.slice(0, 200) };
    }
    if (!response.ok) throw new HttpError(response.status, body);
    return body;
  }
  function askForKey() {
    const form = $("key-form");
    if (!form.hidden) return;
    form.hidden = false;
    say("This API needs a key: enter it above.", true);
    $("api-key").focus();
  }

  // ------------------------------------------------------------------ status and holds list
  function say(text, error) {
    const s = $("status");
    s.textContent = text;
    s.className = error ? "error" : "";
  }
  function loadHolds() {
    try {
      return JSON.parse(sessionStorage.getItem(HOLD_STORE) || "[]");
    } catch (e) {
      return [];
    }
  }
  function saveHolds() {
    sessionStorage.setItem(HOLD_STORE, JSON.stringify(state.holds));
  }
  const holdHosts = (h) => h.hosts || (h.host ? [h.host] : []);
  function drawHolds() {
    const now = Date.now();
    state.holds = state.holds.filter((h) => Date.parse(h.expires_at) > now);
    saveHolds();
    $("holds-section").hidden = state.holds.length === 0;
    const tz = state.tz;
    $("holds").innerHTML = state.holds
      .map((h, i) => {
        const start = wall(Date.parse(h.start_time), tz);
        const end = wall(Date.parse(h.end_time), tz);
        const expires = wall(Date.parse(h.expires_at), tz);
        const left = Math.max(0, Math.round((Date.parse(h.expires_at) - now) / 1000));
        const names = holdHosts(h).map(nameOf).join(", ");
        return (
          `<li data-uid="${esc(h.uid)}">${esc(names)}, ${esc(dayLabel(start))} ${timeLabel(start)}\u2013${timeLabel(end)}` +
          ` (${esc(h.event_type)}), held until ${timeLabel(expires)}:${pad(expires.s)} ` +
          `(<span class="left">${Math.floor(left / 60)}:${pad(left % 60)}</span> left)` +
          `<button type="button" class="release" data-i="${i}" aria-label="Release ${esc(names)}, ${esc(dayLabel(start))} ${timeLabel(start)}">Release</button></li>`
        );
      })
      .join("");
  }
  function nameOf(id) {
    const host = state.data && state.data.hosts.find((h) => h.id === id);
    return host && host.name ? host.name : id;
  }

  // ------------------------------------------------------------------ loading
  async function loadConfigured() {
    try {
      const items = [];
      let token = null;
      do {
        const body = await json(await call("GET", "event_types?count=100" + (token ? "&page_token=" + encodeURIComponent(token) : "")));
        items.push(...body.collection);
        token = body.pagination && body.pagination.next_page_token;
      } while (token);
      state.configured = items;
      $("event-types").innerHTML = items
        .map((e) => `<option value="${esc(e.id)}">${esc(e.name || e.id)}</option>`)
        .join("");
    } catch (e) {
      // The page still works with a pasted Calendly URI or calcom:<id>.
      if (!(e instanceof HttpError && e.status === 503)) say(`Could not list event types: ${e.message}`, true);
    }
  }

  function weekRange() {
    const start = instant(state.week.y, state.week.m, state.week.d, 0, 0, state.tz);
    const next = addDays(state.week, 7);
    const end = instant(next.y, next.m, next.d, 0, 0, state.tz);
    return [start, end];
  }

  let generation = 0;
  async function load() {
    if (!state.eventType) {
      say("Pick an event type.");
      return;
    }
    if (!zoneValid(state.tz)) {
      say(`Unknown time zone "${state.tz}".`, true);
      return;
    }
    const mine = ++generation;
    const [start, end] = weekRange();
    const query =
      `event_type=${encodeURIComponent(state.eventType)}&start_time=${isoInstant(start)}` +
      `&end_time=${isoInstant(end)}&explain=true&count=10000`;
    const link = "event_type_available_times?" + query;
    $("raw-link").href = link;
    $("raw").hidden = false;
    say("Loading\u2026");
    $("grid-wrap").setAttribute("aria-busy", "true");
    try {
      const configured = state.configured.find((e) => e.id === state.eventType);
      const detail = configured ? call("GET", "event_types/" + encodeURIComponent(state.eventType)).then(json) : null;
      const slots = [];
      const warnings = [];
      let token = null;
      let timing = null;
      do {
        const response = await call("GET", link + (token ? "&page_token=" + encodeURIComponent(token) : ""));
        const t0 = performance.now();
        const body = await json(response);
        timing = { response: t0, parsed: performance.now() };
        slots.push(...body.collection);
        for (const w of body.warnings || []) if (!warnings.some((x) => x.participant === w.participant)) warnings.push(w);
        token = body.pagination && body.pagination.next_page_token;
      } while (token);
      const resource = detail ? (await detail).resource : null;
      if (mine !== generation) return;
      state.data = prepare(slots, warnings, resource);
      draw(timing);
    } catch (e) {
      if (mine !== generation) return;
      state.data = null;
      $("grid-wrap").innerHTML = "";
      say(e.message, true);
    } finally {
      $("grid-wrap").removeAttribute("aria-busy");
    }
  }

  // The answer as rows and columns. Columns: the API's slots, plus this tab's holds whose slot the API no
  // longer offers (a hold can make a slot unofferable); such a column shows the hold and nothing else.
  function prepare(slots, warnings, resource) {
    const hosts = [];
    const seen = new Map();
    const add = (id, name) => {
      if (!seen.has(id)) {
        seen.set(id, hosts.length);
        hosts.push({ id, name: name || "", warning: null });
      } else if (name && !hosts[seen.get(id)].name) hosts[seen.get(id)].name = name;
    };
    if (resource) for (const h of resource.hosts || []) add(h.id, h.name);
    for (const s of slots) {
      for (const h of s.available_hosts || []) add(h.id, h.name);
      for (const u of s.unavailable || []) add(u.id);
    }
    for (const w of warnings) {
      add(w.participant);
      hosts[seen.get(w.participant)].warning = w;
    }
    const [start, end] = weekRange();
    const columns = slots.map((s) => {
      const cells = new Array(hosts.length).fill("none");
      for (const h of s.available_hosts || []) cells[seen.get(h.id)] = "free";
      for (const u of s.unavailable || []) if (STATES[u.reason] && u.reason !== "free") cells[seen.get(u.id)] = u.reason;
      return { start: Date.parse(s.start_time), end: Date.parse(s.end_time), startTime: s.start_time, cells, mine: false };
    });
    for (const h of state.holds) {
      const at = Date.parse(h.start_time);
      if (h.event_type !== state.eventType || at < start || at >= end) continue;
      if (columns.some((c) => c.start === at)) continue;
      const cells = new Array(hosts.length).fill("gone");
      for (const id of holdHosts(h)) if (seen.has(id)) cells[seen.get(id)] = "held";
      columns.push({ start: at, end: Date.parse(h.end_time), startTime: h.start_time, cells, mine: true });
    }
    columns.sort((a, b) => a.start - b.start);
    for (const c of columns) {
      const w = wall(c.start, state.tz);
      c.day = dayLabel(w);
      c.dayKey = isoDate(w);
      c.time = timeLabel(w);
    }
    return { hosts, columns, warnings };
  }

  // ------------------------------------------------------------------ drawing
  function drawLegend() {
    const items = state.view === "grid" ? Object.keys(STATES) : [];
    $("legend").innerHTML =
      state.view === "grid"
        ? items
            .map((k) => `<li><span class="swatch ${k}" aria-hidden="true">${STATES[k].glyph}</span>${esc(STATES[k].text)}</li>`)
            .join("")
        : `<li><span class="swatch" style="background:${heatColour(0)}" aria-hidden="true"></span>nobody free</li>` +
          `<li><span class="swatch" style="background:${heatColour(0.5)}" aria-hidden="true"></span>half free</li>` +
          `<li><span class="swatch" style="background:${heatColour(1)}" aria-hidden="true"></span>everyone free</li>`;
  }

  // Large grids are drawn as a window of rows and columns around what is on screen, inside the same
  // table (spacers keep its full size, aria-rowcount/colcount and aria-rowindex/colindex keep its
  // shape for screen readers): 100 hosts x 672 slots is 67 200 cells, too many to lay out at once.
  const CW = 26; // px: a slot column, as in ui.css (td.c)
  const RH = 26; // px: a host row in a windowed grid, as in ui.css (table.windowed)
  const HOST_W = 112; // px: the host column, as in ui.css (th.host)
  const WINDOW_ABOVE = 3000; // cells: smaller grids are drawn whole

  function windowFor(data, around) {
    const rows = data.hosts.length;
    const cols = data.columns.length;
    if (state.view !== "grid" || rows * cols <= WINDOW_ABOVE) return { r0: 0, r1: rows, c0: 0, c1: cols, whole: true };
    const wrap = $("grid-wrap");
    const width = wrap.clientWidth || window.innerWidth;
    const height = wrap.clientHeight > 100 ? wrap.clientHeight : window.innerHeight * 0.75;
    const visC = Math.ceil((width - HOST_W) / CW) + 1;
    const visR = Math.ceil(height / RH) + 1;
    let left = Math.floor(wrap.scrollLeft / CW);
    let top = Math.floor(wrap.scrollTop / RH);
    if (around) {
      // Keep the focused cell inside what is drawn.
      if (around.c < left || around.c >= left + visC - 1) left = Math.max(0, around.c - (visC >> 1));
      if (around.r < top || around.r >= top + visR - 1) top = Math.max(0, around.r - (visR >> 1));
    }
    return {
      r0: Math.max(0, top - (visR >> 1)),
      r1: Math.min(rows, top + visR + (visR >> 1)),
      c0: Math.max(0, left - (visC >> 1)),
      c1: Math.min(cols, left + visC + (visC >> 1)),
      whole: false,
    };
  }
  function windowCovers(win, data) {
    if (win.whole) return true;
    const wrap = $("grid-wrap");
    const left = Math.floor(wrap.scrollLeft / CW);
    const top = Math.floor(wrap.scrollTop / RH);
    const visC = Math.ceil((wrap.clientWidth - HOST_W) / CW) + 1;
    const visR = Math.ceil(wrap.clientHeight / RH) + 1;
    return (
      left >= win.c0 &&
      (left + visC <= win.c1 || win.c1 === data.columns.length) &&
      top >= win.r0 &&
      (top + visR <= win.r1 || win.r1 === data.hosts.length)
    );
  }

  function captionText() {
    const [start] = weekRange();
    return `${state.eventType}, week of ${dayLabel(wall(start, state.tz))} ${state.week.y}, times in ${state.tz}`;
  }

  // Draws the table (or a new window of it); focus stays on the cell it was on when that cell is drawn.
  function render(around) {
    const data = state.data;
    const wrap = $("grid-wrap");
    const hadFocus = wrap.contains(document.activeElement) && document.activeElement.matches("td.c");
    state.win = windowFor(data, around || (hadFocus ? state.focus : null));
    wrap.innerHTML = state.view === "grid" ? gridHtml(data, captionText(), state.win) : heatHtml(data, captionText());
    if (state.view === "grid") {
      const { r, c } = state.focus;
      const w = state.win;
      if (r < w.r0 || r >= w.r1 || c < w.c0 || c >= w.c1) state.focus = { r: w.r0, c: w.c0 };
    } else {
      const first = wrap.querySelector("td.c");
      state.focus = first ? { r: +first.dataset.r, c: +first.dataset.c } : { r: 0, c: 0 };
    }
    const cell = cellAt(state.focus.r, state.focus.c);
    if (cell) {
      cell.tabIndex = 0;
      if (hadFocus) cell.focus({ preventScroll: !around });
    }
  }

  function draw(timing) {
    const built0 = performance.now();
    const data = state.data;
    drawLegend();
    drawHolds();
    const wrap = $("grid-wrap");
    if (!data) return;
    if (!data.columns.length) {
      wrap.innerHTML = "";
      say(`No slots offered in the week of ${isoDate(state.week)} (${state.tz}).`);
    } else {
      const keep = state.focus;
      state.focus = keep && keep.r < data.hosts.length && keep.c < data.columns.length ? keep : { r: 0, c: 0 };
      render(null);
      const n = data.columns.length;
      say(
        `${n} slot${n === 1 ? "" : "s"}, ${data.hosts.length} host${data.hosts.length === 1 ? "" : "s"}` +
          (data.warnings.length ? `, ${data.warnings.length} calendar${data.warnings.length === 1 ? "" : "s"} unreadable` : "") +
          "."
      );
    }
    $("heat-detail").hidden = true;
    if (timing) {
      const built = performance.now();
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          window.whofreeTiming = {
            response: timing.response,
            parsed: timing.parsed,
            built0,
            built,
            painted: performance.now(),
            cells: data.hosts.length * data.columns.length,
            drawnCells: wrap.querySelectorAll("td.c").length,
          };
          document.body.dataset.drawn = String(Number(document.body.dataset.drawn || 0) + 1);
        })
      );
    } else {
      document.body.dataset.drawn = String(Number(document.body.dataset.drawn || 0) + 1);
    }
  }

  function gridHtml(data, caption, win) {
    const { r0, r1, c0, c1 } = win;
    const cols = data.columns;
    const days = [];
    for (let i = c0; i < c1; i++) {
      const c = cols[i];
      if (!days.length || days[days.length - 1].key !== c.dayKey) days.push({ key: c.dayKey, label: c.day, n: 0 });
      days[days.length - 1].n++;
    }
    const total = HOST_W + cols.length * CW;
    const padL = c0 * CW;
    const padR = (cols.length - c1) * CW;
    const out = [
      `<table id="grid" class="grid${win.whole ? "" : " windowed"}" role="grid" style="width:${total}px"` +
        ` aria-rowcount="${data.hosts.length + 2}" aria-colcount="${cols.length + 1}"><caption>${esc(caption)}</caption>`,
      `<colgroup><col style="width:${HOST_W}px"><col style="width:${padL}px">` +
        (c1 > c0 ? `<col span="${c1 - c0}" style="width:${CW}px">` : "") +
        `<col style="width:${padR}px"></colgroup>`,
      `<thead><tr aria-rowindex="1"><th class="host" rowspan="2" scope="col" aria-colindex="1">Host</th>`,
      `<th class="pad" rowspan="2" aria-hidden="true"></th>`,
    ];
    let at = c0;
    for (const d of days) {
      out.push(`<th class="day" colspan="${d.n}" scope="colgroup" aria-colindex="${at + 2}">${esc(d.label)}</th>`);
      at += d.n;
    }
    out.push(`<th class="pad" rowspan="2" aria-hidden="true"></th></tr><tr aria-rowindex="2">`);
    const labels = [];
    for (let i = c0; i < c1; i++) {
      const c = cols[i];
      labels[i] = `${c.day} ${c.time}`;
      const start = i === 0 || c.dayKey !== cols[i - 1].dayKey;
      const cls = (start ? "time daystart" : "time") + (c.mine ? " mine" : "");
      out.push(
        `<th class="${cls}" scope="col" aria-colindex="${i + 2}" data-start="${esc(c.startTime)}" data-day="${esc(c.day)}"` +
          (c.mine ? ` title="Held by you; not offered while held"` : "") +
          `><span aria-label="${esc(labels[i])}">${c.time}</span></th>`
      );
    }
    out.push("</tr></thead><tbody>");
    const span = c1 - c0 + 3;
    if (r0 > 0) out.push(`<tr class="pad" aria-hidden="true"><td colspan="${span}" style="height:${r0 * RH}px"></td></tr>`);
    const starts = [];
    for (let i = c0; i < c1; i++) starts[i] = i === 0 || cols[i].dayKey !== cols[i - 1].dayKey ? " daystart" : "";
    for (let r = r0; r < r1; r++) {
      const h = data.hosts[r];
      const name = h.name || h.id;
      const warn = h.warning
        ? `<span class="warn" title="${esc(h.warning.message || "")}">\u26a0 ${esc(h.warning.title || "Warning")}: ${esc(h.warning.message || "")}</span>`
        : "";
      out.push(
        `<tr data-host="${esc(h.id)}" aria-rowindex="${r + 3}"><th class="host" scope="row" aria-colindex="1" title="${esc(h.id)}">${esc(name)}${warn}</th><td class="pad" aria-hidden="true"></td>`
      );
      const who = esc(name) + ", ";
      for (let i = c0; i < c1; i++) {
        const s = cols[i].cells[r];
        const st = s === "gone" ? { glyph: "", text: "slot not offered while held" } : STATES[s];
        out.push(
          `<td class="c ${s}${starts[i]}" data-r="${r}" data-c="${i}" data-state="${s}" aria-colindex="${i + 2}" aria-label="${who}${labels[i]}, ${st.text}">${st.glyph}</td>`
        );
      }
      out.push(`<td class="pad" aria-hidden="true"></td></tr>`);
    }
    if (r1 < data.hosts.length)
      out.push(`<tr class="pad" aria-hidden="true"><td colspan="${span}" style="height:${(data.hosts.length - r1) * RH}px"></td></tr>`);
    out.push("</tbody></table>");
    return out.join("");
  }

  function heatColour(f) {
    // White (nobody) to green (everyone), lightness only, so counts stay readable.
    const l = Math.round(97 - f * 52);
    return `hsl(140 55% ${l}%)`;
  }
  function heatCells(data) {
    const days = [];
    const times = new Set();
    const byKey = new Map();
    for (const c of data.columns) {
      if (!days.some((d) => d.key === c.dayKey)) days.push({ key: c.dayKey, label: c.day });
      times.add(c.time);
      const k = c.dayKey + " " + c.time;
      if (!byKey.has(k)) byKey.set(k, []);
      byKey.get(k).push(c);
    }
    return { days, times: [...times].sort(), byKey };
  }
  function heatHtml(data, caption) {
    const { days, times, byKey } = heatCells(data);
    const total = data.hosts.length;
    const out = [`<table id="grid" class="heat" role="grid"><caption>${esc(caption)}: how many hosts are free</caption><thead><tr>`];
    out.push(`<th class="host" scope="col">Day</th>`);
    for (const t of times) out.push(`<th class="time" scope="col">${t}</th>`);
    out.push("</tr></thead><tbody>");
    days.forEach((d, r) => {
      out.push(`<tr><th class="host" scope="row">${esc(d.label)}</th>`);
      times.forEach((t, i) => {
        const cols = byKey.get(d.key + " " + t);
        if (!cols) {
          out.push(`<td class="c empty" data-r="${r}" data-c="${i}" aria-label="${esc(d.label)} ${t}, no slot">\u2013</td>`);
          return;
        }
        // On a fall-back night one wall time has two slots: the cell shows the first, the list names both.
        const free = cols[0].cells.filter((s) => s === "free").length;
        const names = cols
          .map((c) => data.hosts.filter((h, k) => c.cells[k] === "free").map((h) => h.name || h.id).join(", ") || "nobody")
          .join(" / then ");
        const label = `${d.label} ${t}, ${free} of ${total} free: ${names}`;
        out.push(
          `<td class="c" data-r="${r}" data-c="${i}" data-free="${free}" style="background:${heatColour(total ? free / total : 0)}" aria-label="${esc(label)}">${free}</td>`
        );
      });
      out.push("</tr>");
    });
    out.push("</tbody></table>");
    return out.join("");
  }

  // ------------------------------------------------------------------ interaction
  function cellAt(r, c) {
    return $("grid-wrap").querySelector(`td.c[data-r="${r}"][data-c="${c}"]`);
  }
  function moveFocus(cell) {
    const wrap = $("grid-wrap");
    for (const old of wrap.querySelectorAll('td[tabindex="0"]')) if (old !== cell) old.removeAttribute("tabindex");
    cell.tabIndex = 0;
    state.focus = { r: +cell.dataset.r, c: +cell.dataset.c };
    cell.focus();
  }
  // Focus a cell by its place in the whole grid, drawing a new window first when it is not drawn.
  function focusAt(r, c) {
    let cell = cellAt(r, c);
    if (!cell && state.view === "grid") {
      state.focus = { r, c };
      render({ r, c });
      cell = cellAt(r, c);
    }
    if (cell) moveFocus(cell);
  }
  function onKey(event) {
    const cell = event.target.closest("td.c");
    if (!cell || !state.data) return;
    let r = +cell.dataset.r;
    let c = +cell.dataset.c;
    const heat = state.view === "heat";
    const rows = heat ? $("grid-wrap").querySelectorAll("tbody tr").length : state.data.hosts.length;
    const cols = heat ? $("grid-wrap").querySelectorAll("thead th.time").length : state.data.columns.length;
    switch (event.key) {
      case "ArrowRight": c = Math.min(cols - 1, c + 1); break;
      case "ArrowLeft": c = Math.max(0, c - 1); break;
      case "ArrowDown": r = Math.min(rows - 1, r + 1); break;
      case "ArrowUp": r = Math.max(0, r - 1); break;
      case "Home": c = 0; if (event.ctrlKey) r = 0; break;
      case "End": c = cols - 1; if (event.ctrlKey) r = rows - 1; break;
      case "PageDown": r = Math.min(rows - 1, r + 10); break;
      case "PageUp": r = Math.max(0, r - 10); break;
      case "Enter":
      case " ":
        event.preventDefault();
        activate(cell);
        return;
      default:
        return;
    }
    event.preventDefault();
    focusAt(r, c);
  }
  function showDetail(cell) {
    if (state.view !== "heat") return;
    const d = $("heat-detail");
    d.textContent = cell.getAttribute("aria-label");
    d.hidden = false;
  }
  async function activate(cell) {
    if (state.view !== "grid" || cell.dataset.state !== "free") return;
    const host = state.data.hosts[+cell.dataset.r];
    const column = state.data.columns[+cell.dataset.c];
    say(`Holding ${host.name || host.id} at ${column.day} ${column.time}\u2026`);
    try {
      const body = await json(await call("POST", "reservations", holdBody(state.eventType, column.startTime, host.id)));
      state.holds.push(body.resource);
      saveHolds();
      state.focus = { r: +cell.dataset.r, c: +cell.dataset.c };
      await load();
      restoreFocus(column.start, host.id);
      say(`Held ${holdHosts(body.resource).map(nameOf).join(", ")} at ${column.day} ${column.time} until ${timeLabel(wall(Date.parse(body.resource.expires_at), state.tz))}.`);
    } catch (e) {
      say(`Could not hold: ${e.message}`, true);
    }
  }
  function restoreFocus(start, hostId) {
    if (!state.data || state.view !== "grid") return;
    const r = state.data.hosts.findIndex((h) => h.id === hostId);
    const c = state.data.columns.findIndex((col) => col.start === start);
    if (r >= 0 && c >= 0) focusAt(r, c);
  }
  async function release(i) {
    const h = state.holds[i];
    if (!h) return;
    try {
      const response = await call("DELETE", "reservations/" + encodeURIComponent(h.uid));
      if (!response.ok && response.status !== 404) await json(response);
      state.holds.splice(i, 1);
      saveHolds();
      await load();
      restoreFocus(Date.parse(h.start_time), holdHosts(h)[0]);
      say(response.status === 404 ? "That hold had already ended." : "Hold released.");
    } catch (e) {
      say(`Could not release: ${e.message}`, true);
    }
  }

  // ------------------------------------------------------------------ controls and URL
  function readControls() {
    state.eventType = $("event-type").value.trim();
    state.tz = $("timezone").value.trim();
    state.view = document.querySelector('input[name="view"]:checked').value;
  }
  function showWeek() {
    if (!state.week) return;
    $("week-label").textContent = `Mon ${state.week.d} ${MONTHS[state.week.m - 1]} ${state.week.y}`;
  }
  function remember() {
    const q = new URLSearchParams();
    if (state.eventType) q.set("event_type", state.eventType);
    q.set("week", isoDate(state.week));
    q.set("timezone", state.tz);
    q.set("view", state.view);
    history.replaceState(null, "", "?" + q.toString());
  }
  function today() {
    const w = wall(Date.now(), zoneValid(state.tz) ? state.tz : "UTC");
    return monday({ y: w.y, m: w.m, d: w.d });
  }
  function go() {
    readControls();
    if (!state.week) state.week = today();
    showWeek();
    remember();
    load();
  }

  function init() {
    const q = new URLSearchParams(location.search);
    const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    $("timezone").value = q.get("timezone") || browserZone;
    $("event-type").value = q.get("event_type") || "";
    if (q.get("view") === "heat") document.querySelector('input[name="view"][value="heat"]').checked = true;
    try {
      $("zones").innerHTML = (Intl.supportedValuesOf ? Intl.supportedValuesOf("timeZone") : [])
        .map((z) => `<option value="${z}">`)
        .join("");
    } catch (e) {
      /* older browsers: free text only */
    }
    readControls();
    const week = /^(\d{4})-(\d{2})-(\d{2})$/.exec(q.get("week") || "");
    state.week = week ? monday({ y: +week[1], m: +week[2], d: +week[3] }) : today();
    showWeek();
    drawLegend();
    drawHolds();

    $("controls").addEventListener("submit", (e) => {
      e.preventDefault();
      go();
    });
    $("prev-week").addEventListener("click", () => {
      state.week = addDays(state.week, -7);
      go();
    });
    $("next-week").addEventListener("click", () => {
      state.week = addDays(state.week, 7);
      go();
    });
    $("this-week").addEventListener("click", () => {
      readControls();
      state.week = today();
      go();
    });
    for (const r of document.querySelectorAll('input[name="view"]'))
      r.addEventListener("change", () => {
        readControls();
        remember();
        if (state.data) draw(null);
      });
    $("timezone").addEventListener("change", () => {
      // The same days, labelled and cut in the new zone.
      if (state.eventType) go();
    });
    $("key-form").addEventListener("submit", (e) => {
      e.preventDefault();
      sessionStorage.setItem(KEY_STORE, $("api-key").value.trim());
      $("key-form").hidden = true;
      loadConfigured().then(go);
    });
    const wrap = $("grid-wrap");
    wrap.addEventListener("keydown", onKey);
    let pending = false;
    wrap.addEventListener("scroll", () => {
      // A windowed grid draws the part that scrolled into view.
      if (pending || !state.data || !state.win || state.win.whole) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        if (!windowCovers(state.win, state.data)) render(null);
      });
    });
    wrap.addEventListener("click", (e) => {
      const cell = e.target.closest("td.c");
      if (!cell) return;
      moveFocus(cell);
      activate(cell);
    });
    wrap.addEventListener("focusin", (e) => {
      const cell = e.target.closest("td.c");
      if (cell) showDetail(cell);
    });
    wrap.addEventListener("mouseover", (e) => {
      const cell = e.target.closest("td.c");
      if (cell) showDetail(cell);
    });
    $("holds").addEventListener("click", (e) => {
      const b = e.target.closest("button.release");
      if (b) release(+b.dataset.i);
    });
    setInterval(() => {
      if (!state.holds.length) return;
      const now = Date.now();
      if (state.holds.some((h) => Date.parse(h.expires_at) <= now)) {
        drawHolds();
        load(); // a hold expired: its slot may be back
        return;
      }
      // Only the countdowns change, so that a focused Release button keeps its focus.
      document.querySelectorAll("#holds li").forEach((li, i) => {
        const left = Math.max(0, Math.round((Date.parse(state.holds[i].expires_at) - now) / 1000));
        li.querySelector(".left").textContent = `${Math.floor(left / 60)}:${pad(left % 60)}`;
      });
    }, 1000);

    loadConfigured().then(() => {
      if (state.eventType) load();
      else if (state.configured.length === 1) {
        $("event-type").value = state.configured[0].id;
        go();
      } else say("Pick an event type.");
    });
  }
  init();
})();
