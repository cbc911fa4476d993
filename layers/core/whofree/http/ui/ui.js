// whofree's page: an event type's week as a grid of hosts x slots (GET /v1/event_type_available_times
// with explain=true), a heat map of days x time of day, and holds (POST/DELETE /v1/reservations).
// Plain JS, no build step, nothing from elsewhere. Every cell's state comes from the API's answer:
// `available_hosts` = free, `unavailable[].reason` = the rest; a host with neither is shown as "no reason".
"use strict";
(function () {
  // The body of a hold (API.md §4): the host clicked; whofree completes the meeting with the hosts it needs.
  const holdBody = (eventType, startTime, host) => ({ event_type: eventType, start_time: startTime, hosts: [host] });

  const A = window.whofreeAxis; // axis.js: the time axis, its labels and the legend (pure)
  // Each state has a glyph as well as a colour, so that no state is told by colour alone.
  const STATES = {
    free: { glyph: "\u2713", text: "free (select to hold)", short: "free" },
    busy: { glyph: "\u2715", text: "busy", short: "busy" },
    outside_hours: { glyph: "\u00b7", text: "outside hours", short: "outside hours" },
    held: { glyph: "\u25c6", text: "held", short: "held" },
    unknown: { glyph: "?", text: "unknown (calendar could not be read)", short: "unknown: calendar not read" },
    none: { glyph: "\u2013", text: "no reason given", short: "no reason given" },
    gone: { glyph: "", text: "slot not offered while held", short: "not offered while you hold it" },
    off: { glyph: "", text: "not offered", short: "not offered" },
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
    cw: 26, // px: a column of the grid (render() shares out the width)
    hostW: 168, // px: the host column
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
  // A moment with its date, always: a hold made today for a meeting in 2030 expires today.
  const dateLabel = (w) => `${dayLabel(w)} ${w.y}`;
  const whenLabel = (w, seconds) => `${dateLabel(w)}, ${timeLabel(w)}${seconds ? ":" + pad(w.s) : ""}`;
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
          `<li data-uid="${esc(h.uid)}"><span class="hold-what"><strong>${esc(names)}</strong>` +
          `<span class="hold-slot">${esc(dateLabel(start))}, ${timeLabel(start)}\u2013${timeLabel(end)}</span>` +
          `<span class="hold-type">${esc(h.event_type)}</span></span>` +
          `<span class="hold-expiry">held until <time class="expires" datetime="${esc(h.expires_at)}">${esc(whenLabel(expires, true))}</time> ` +
          `(<span class="left">${Math.floor(left / 60)}:${pad(left % 60)}</span> left)</span>` +
          `<button type="button" class="release" data-i="${i}" aria-label="Release ${esc(names)}, ${esc(dateLabel(start))} ${timeLabel(start)}">Release</button></li>`
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
      $("grid-card").hidden = true;
      say(e.message, true);
    } finally {
      $("grid-wrap").removeAttribute("aria-busy");
    }
  }

  // The answer as rows and columns. Columns are a true time axis (axis.js): each day from its earliest to
  // its latest offered start, every step of the grid, so that a time the API does not offer is a column
  // of "not offered" cells rather than missing. This tab's holds whose slot the API no longer offers (a
  // hold can make a slot unofferable) are columns too: they show the hold and nothing else.
  const MIN_DAY_COLUMNS = 4; // so that a day's header ("Mon 11 Mar") fits above its columns
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
    const present = new Set();
    const at = new Map();
    for (const s of slots) {
      const cells = new Array(hosts.length).fill("none");
      for (const h of s.available_hosts || []) cells[seen.get(h.id)] = "free";
      for (const u of s.unavailable || []) if (STATES[u.reason] && u.reason !== "free") cells[seen.get(u.id)] = u.reason;
      for (const c of cells) present.add(c);
      const t = Date.parse(s.start_time);
      at.set(t, { start: t, end: Date.parse(s.end_time), startTime: s.start_time, cells, offered: true, mine: false });
    }
    for (const h of state.holds) {
      const t = Date.parse(h.start_time);
      if (h.event_type !== state.eventType || t < start || t >= end || at.has(t)) continue;
      const cells = new Array(hosts.length).fill("gone");
      for (const id of holdHosts(h)) if (seen.has(id)) cells[seen.get(id)] = "held";
      for (const c of cells) present.add(c);
      at.set(t, { start: t, end: Date.parse(h.end_time), startTime: h.start_time, cells, offered: false, mine: true });
    }
    const dayKeys = new Map(); // each instant's day, worked out once (Intl is the costly part)
    const dayOf = (ms) => {
      let k = dayKeys.get(ms);
      if (k === undefined) dayKeys.set(ms, (k = isoDate(wall(ms, state.tz))));
      return k;
    };
    const byDay = new Map();
    for (const t of [...at.keys()].sort((x, y) => x - y)) {
      const k = dayOf(t);
      if (!byDay.has(k)) byDay.set(k, []);
      byDay.get(k).push(t);
    }
    const interval = resource && resource.interval_minutes;
    const step = A.step(interval, [...byDay.values()], slots.map((s) => (Date.parse(s.end_time) - Date.parse(s.start_time)) / 60000));
    const off = new Array(hosts.length).fill("off");
    const columns = [];
    const days = [];
    for (const day of A.columns([...at.keys()], step, dayOf, MIN_DAY_COLUMNS)) {
      const first = columns.length;
      for (const t of day.times) {
        let c = at.get(t);
        if (!c) {
          c = { start: t, end: t + step * 60000, startTime: isoInstant(t), cells: off, offered: false, mine: false };
          present.add("off");
        }
        const w = wall(t, state.tz);
        c.day = dayLabel(w);
        c.dayKey = day.key;
        c.time = timeLabel(w);
        c.minute = w.h * 60 + w.mi;
        c.dayIndex = days.length;
        columns.push(c);
      }
      days.push({ key: day.key, label: columns[first].day, first, n: columns.length - first });
    }
    // The days of the week with nothing offered, named in the summary.
    const empty = [];
    for (let i = 0; i < 7; i++) {
      const d = addDays(state.week, i);
      if (!byDay.has(isoDate(d))) {
        const w = wall(instant(d.y, d.m, d.d, 12, 0, state.tz), state.tz);
        empty.push(dayLabel(w));
      }
    }
    return { hosts, columns, days, warnings, step, present, empty, offered: slots.length };
  }

  // ------------------------------------------------------------------ drawing
  function drawLegend() {
    const data = state.data;
    const legend = $("legend");
    legend.hidden = !data || !data.columns.length;
    if (legend.hidden) return;
    if (state.view === "grid") {
      // Only the states this week's grid shows.
      legend.innerHTML = A.legend(data.present)
        .map((k) => `<li data-state="${k}"><span class="swatch ${k}" aria-hidden="true">${STATES[k].glyph}</span>${esc(STATES[k].short)}</li>`)
        .join("");
      return;
    }
    const n = data.hosts.length;
    const half = Math.round(n / 2);
    const stops = [...new Set([0, half, n])];
    legend.innerHTML =
      stops
        .map((k) => {
          const text = k === 0 ? "nobody free" : k === n ? `all ${n} free` : `${k} free`;
          return `<li data-state="heat"><span class="swatch" style="${heatStyle(n ? k / n : 0)}" aria-hidden="true">${k}</span>${text}</li>`;
        })
        .join("") +
      (data.present.has("off") ? `<li data-state="off"><span class="swatch off" aria-hidden="true"></span>${STATES.off.short}</li>` : "");
  }

  // Large grids are drawn as a window of rows and columns around what is on screen, inside the same
  // table (spacers keep its full size, aria-rowcount/colcount and aria-rowindex/colindex keep its
  // shape for screen readers): 100 hosts x 672 slots is 67 200 cells, too many to lay out at once.
  // Columns share the width there is (between a minimum and a maximum): state.cw, in px.
  const RH = 30; // px: a host row in a windowed grid, as in ui.css (table.windowed)
  const LABEL_W = 44; // px: room for a horizontal time label ("09:30")
  const WINDOW_ABOVE = 3000; // cells: smaller grids are drawn whole
  const hostWidth = () => (window.innerWidth < 600 ? 104 : 168);
  function columnWidth(n, min, max) {
    const room = ($("grid-wrap").clientWidth || window.innerWidth) - state.hostW - 2;
    return Math.max(min, Math.min(max, Math.floor(room / Math.max(1, n))));
  }

  function windowFor(data, around) {
    const rows = data.hosts.length;
    const cols = data.columns.length;
    if (state.view !== "grid" || rows * cols <= WINDOW_ABOVE) return { r0: 0, r1: rows, c0: 0, c1: cols, whole: true };
    const wrap = $("grid-wrap");
    const CW = state.cw;
    const width = wrap.clientWidth || window.innerWidth;
    const height = wrap.clientHeight > 100 ? wrap.clientHeight : window.innerHeight * 0.75;
    const visC = Math.ceil((width - state.hostW) / CW) + 1;
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
    const CW = state.cw;
    const left = Math.floor(wrap.scrollLeft / CW);
    const top = Math.floor(wrap.scrollTop / RH);
    const visC = Math.ceil((wrap.clientWidth - state.hostW) / CW) + 1;
    const visR = Math.ceil(wrap.clientHeight / RH) + 1;
    return (
      left >= win.c0 &&
      (left + visC <= win.c1 || win.c1 === data.columns.length) &&
      top >= win.r0 &&
      (top + visR <= win.r1 || win.r1 === data.hosts.length)
    );
  }

  function drawTitle() {
    const [start] = weekRange();
    const configured = state.configured.find((e) => e.id === state.eventType);
    const name = configured && configured.name ? configured.name : state.eventType;
    $("grid-title").textContent = name;
    const data = state.data;
    const grid = data && data.columns.length ? ` \u00b7 ${data.step}-minute grid` : "";
    const what = state.view === "heat" ? " \u00b7 how many hosts are free" : "";
    $("grid-sub").textContent = `Week of ${dateLabel(wall(start, state.tz))} \u00b7 times in ${state.tz}${grid}${what}`;
  }

  // Draws the table (or a new window of it); focus stays on the cell it was on when that cell is drawn.
  function render(around) {
    const data = state.data;
    const wrap = $("grid-wrap");
    const hadFocus = wrap.contains(document.activeElement) && document.activeElement.matches("td.c");
    state.hostW = hostWidth();
    wrap.style.setProperty("--host-w", state.hostW + "px");
    if (state.view === "grid") state.cw = columnWidth(data.columns.length, 26, 56);
    state.win = windowFor(data, around || (hadFocus ? state.focus : null));
    wrap.innerHTML = state.view === "grid" ? gridHtml(data, state.win) : heatHtml(data);
    drawTitle();
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

  const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;
  function draw(timing) {
    const built0 = performance.now();
    const data = state.data;
    drawLegend();
    drawHolds();
    drawTitle();
    const wrap = $("grid-wrap");
    $("grid-card").hidden = !data || !data.columns.length;
    if (!data) return;
    if (!data.columns.length) {
      wrap.innerHTML = "";
      say(`No slots offered in the week of ${isoDate(state.week)} (${state.tz}).`);
    } else {
      const keep = state.focus;
      state.focus = keep && keep.r < data.hosts.length && keep.c < data.columns.length ? keep : { r: 0, c: 0 };
      render(null);
      const n = data.offered;
      say(
        `${n} slot${n === 1 ? "" : "s"} offered, ${plural(data.hosts.length, "host")}` +
          (data.warnings.length ? `, ${plural(data.warnings.length, "calendar")} unreadable` : "") +
          "." +
          (data.empty.length ? ` Nothing offered on ${data.empty.join(", ")}.` : "")
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

  // The header of a time axis: one <th> per column, named for screen readers by its day and time;
  // a visible, horizontal label every `period` minutes (as many columns as a label needs), a tick on the others.
  function timeHeads(cols, c0, c1, step, cw, days, extra) {
    const period = A.labelPeriod(step, cw, LABEL_W);
    const span = Math.ceil(LABEL_W / cw);
    const out = [];
    for (let i = c0; i < c1; i++) {
      const c = cols[i];
      const d = days[c.dayIndex];
      const show = i - d.first + span <= d.n && A.labelled(c.minute, cols[d.first].minute, step, period);
      const cls =
        "time" + (i === d.first ? " daystart" : "") + (c.mine ? " mine" : "") + (c.offered ? "" : " off") + (show ? " lab" : "");
      out.push(
        `<th class="${cls}" scope="col" aria-colindex="${i + 2}" data-start="${esc(c.startTime)}" data-day="${esc(c.day)}"` +
          ` data-time="${c.time}" data-offered="${c.offered}" aria-label="${esc(c.day)} ${c.time}${extra(c)}"` +
          (c.mine ? ` title="Held by you: not offered while held"` : "") +
          `>${show ? `<span class="tl">${c.time}</span>` : ""}</th>`
      );
    }
    return out.join("");
  }

  function gridHtml(data, win) {
    const { r0, r1, c0, c1 } = win;
    const cols = data.columns;
    const CW = state.cw;
    const HOST_W = state.hostW;
    const total = HOST_W + cols.length * CW;
    const padL = c0 * CW;
    const padR = (cols.length - c1) * CW;
    const out = [
      `<table id="grid" class="grid${win.whole ? "" : " windowed"}" role="grid" style="width:${total}px"` +
        ` aria-labelledby="grid-title grid-sub" aria-rowcount="${data.hosts.length + 2}" aria-colcount="${cols.length + 1}">`,
      `<colgroup><col style="width:${HOST_W}px"><col style="width:${padL}px">` +
        (c1 > c0 ? `<col span="${c1 - c0}" style="width:${CW}px">` : "") +
        `<col style="width:${padR}px"></colgroup>`,
      `<thead><tr aria-rowindex="1"><th class="host" rowspan="2" scope="col" aria-colindex="1">Host</th>`,
      `<th class="pad" rowspan="2" aria-hidden="true"></th>`,
    ];
    for (const d of data.days) {
      const from = Math.max(d.first, c0);
      const to = Math.min(d.first + d.n, c1);
      if (to <= from) continue;
      out.push(
        `<th class="day" colspan="${to - from}" scope="colgroup" aria-colindex="${from + 2}"><span class="dl">${esc(d.label)}</span></th>`
      );
    }
    out.push(`<th class="pad" rowspan="2" aria-hidden="true"></th></tr><tr aria-rowindex="2">`);
    out.push(timeHeads(cols, c0, c1, data.step, CW, data.days, () => ""));
    out.push("</tr></thead><tbody>");
    const span = c1 - c0 + 3;
    if (r0 > 0) out.push(`<tr class="pad" aria-hidden="true"><td colspan="${span}" style="height:${r0 * RH}px"></td></tr>`);
    const labels = [];
    const starts = [];
    for (let i = c0; i < c1; i++) {
      labels[i] = `${cols[i].day} ${cols[i].time}`;
      starts[i] = i === data.days[cols[i].dayIndex].first ? " daystart" : "";
    }
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
        const st = STATES[s];
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

  // The heat map's shade: lightness (and the count written in the cell), never hue alone.
  function heatStyle(f) {
    const l = Math.round(97 - f * 60);
    return `background:hsl(165 60% ${l}%);color:${l < 46 ? "#fff" : "#0b3d2e"}`;
  }
  // The heat map's axis: days by time of day, each time of day any day shows, and every step between
  // the earliest and the latest (a time no day offers is a column of "not offered" cells, never missing).
  function heatAxis(data) {
    const minutes = [...new Set(data.columns.map((c) => c.minute))].sort((a, b) => a - b);
    const times = [];
    for (let i = 0; i < minutes.length; i++) {
      times.push(minutes[i]);
      for (let m = minutes[i] + data.step; i + 1 < minutes.length && m < minutes[i + 1]; m += data.step) times.push(m);
    }
    const byKey = new Map();
    for (const c of data.columns) {
      if (!c.offered) continue;
      const k = c.dayKey + " " + c.minute;
      if (!byKey.has(k)) byKey.set(k, []);
      byKey.get(k).push(c);
    }
    return { times, byKey };
  }
  function heatHtml(data) {
    const { times, byKey } = heatAxis(data);
    const total = data.hosts.length;
    const cw = columnWidth(times.length, 44, 128);
    const period = A.labelPeriod(data.step, cw, LABEL_W);
    const label = (m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`;
    const out = [
      `<table id="grid" class="heat" role="grid" aria-labelledby="grid-title grid-sub"` +
        ` style="width:${state.hostW + times.length * cw}px"><colgroup><col style="width:${state.hostW}px">` +
        `<col span="${times.length}" style="width:${cw}px"></colgroup><thead><tr>`,
    ];
    out.push(`<th class="host" scope="col">Day</th>`);
    times.forEach((m) => {
      const show = A.labelled(m, times[0], data.step, period);
      out.push(
        `<th class="time${show ? " lab" : ""}" scope="col" data-time="${label(m)}" aria-label="${label(m)}">${show ? `<span class="tl">${label(m)}</span>` : ""}</th>`
      );
    });
    out.push("</tr></thead><tbody>");
    data.days.forEach((d, r) => {
      out.push(`<tr><th class="host" scope="row">${esc(d.label)}</th>`);
      times.forEach((m, i) => {
        const t = label(m);
        const cols = byKey.get(d.key + " " + m);
        if (!cols) {
          out.push(`<td class="c off" data-r="${r}" data-c="${i}" aria-label="${esc(d.label)} ${t}, not offered"></td>`);
          return;
        }
        // On a fall-back night one wall time has two slots: the cell shows the first, the list names both.
        const free = cols[0].cells.filter((s) => s === "free").length;
        const names = cols
          .map((c) => data.hosts.filter((h, k) => c.cells[k] === "free").map((h) => h.name || h.id).join(", ") || "nobody")
          .join(" / then ");
        const text = `${d.label} ${t}, ${free} of ${total} free: ${names}`;
        out.push(
          `<td class="c" data-r="${r}" data-c="${i}" data-free="${free}" style="${heatStyle(total ? free / total : 0)}" aria-label="${esc(text)}">${free}</td>`
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
      const until = whenLabel(wall(Date.parse(body.resource.expires_at), state.tz), false);
      say(`Held ${holdHosts(body.resource).map(nameOf).join(", ")} at ${whenLabel(wall(column.start, state.tz), false)} until ${until}.`);
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
    const last = addDays(state.week, 6);
    const from = last.m === state.week.m ? `${state.week.d}` : `${state.week.d} ${MONTHS[state.week.m - 1]}`;
    const y = last.y === state.week.y ? "" : ` ${state.week.y}`;
    $("week-label").textContent = `${from}${y} \u2013 ${last.d} ${MONTHS[last.m - 1]} ${last.y}`;
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
    let sizing = false;
    window.addEventListener("resize", () => {
      // The columns share out the new width.
      if (sizing || !state.data || !state.data.columns.length) return;
      sizing = true;
      requestAnimationFrame(() => {
        sizing = false;
        render(null);
      });
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
