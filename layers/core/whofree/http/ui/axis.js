// The page's time axis, as pure functions (no DOM, no clock): which times each day shows, which of them
// get a visible label, and which states the legend lists. The page (ui.js) and the tests
// (tests/integration/test_ui_axis.py, under Node) load the same file.
"use strict";
(function (root) {
  const MINUTE = 60000;
  const MIN_STEP = 5; // minutes: a finer grid would be thousands of columns a week
  const MAX_STEP = 60; // minutes: a coarser one hides the shape of the day
  const MAX_COLUMNS = 4032; // a week at MIN_STEP; past it, only the offered times (never happens at MIN_STEP)

  const gcd = (a, b) => {
    a = Math.abs(Math.round(a));
    b = Math.abs(Math.round(b));
    while (b) [a, b] = [b, a % b];
    return a;
  };

  // The grid step in minutes. `interval`: the event type's interval_minutes when the page knows it (a
  // configured event type), else null. `days`: each day's offered starts (ms, ascending). `durations`:
  // the offered slots' lengths in minutes. The step divides every spacing between two offered starts
  // of the same day, so that every offered start lies on its day's grid: gcd(interval, spacings), or,
  // without an interval, gcd(durations, spacings). It is at most 60 minutes (gcd with 60) and at least 5
  // (a start off a 5-minute grid is then added to its day as a column of its own: see columns()).
  function step(interval, days, durations) {
    let g = interval > 0 ? Math.round(interval) : 0;
    if (!g) for (const d of durations) g = gcd(g, d);
    for (const starts of days)
      for (let i = 1; i < starts.length; i++) g = gcd(g, (starts[i] - starts[i - 1]) / MINUTE);
    if (!g) return MAX_STEP;
    if (g > MAX_STEP) g = gcd(g, MAX_STEP);
    return Math.max(g, MIN_STEP);
  }

  // Each day's columns: from its earliest to its latest offered start, every `stepMinutes`, in instants
  // (so a day that changes its clocks has an hour more or less, labelled as the wall clock reads), plus
  // any offered start off that grid. `starts`: every time that must be a column (ms, any order).
  // `dayOf(ms)`: the day (a string) an instant belongs to in the page's zone. A day with fewer than
  // `minColumns` columns (too narrow for its header) is widened with the times after its last start,
  // then before its first, as long as they stay in that day. Returns [{key, times: [ms]}], by time.
  function columns(starts, stepMinutes, dayOf, minColumns) {
    const sorted = [...new Set(starts)].sort((a, b) => a - b);
    const days = [];
    for (const t of sorted) {
      const key = dayOf(t);
      if (!days.length || days[days.length - 1].key !== key) days.push({ key, starts: [] });
      days[days.length - 1].starts.push(t);
    }
    const stepMs = stepMinutes * MINUTE;
    let budget = MAX_COLUMNS;
    return days.map(({ key, starts: offered }) => {
      const first = offered[0];
      const last = offered[offered.length - 1];
      let times = [];
      if ((last - first) / stepMs < budget) {
        for (let t = first; t <= last; t += stepMs) times.push(t);
        const onGrid = new Set(times);
        const off = offered.filter((t) => !onGrid.has(t));
        if (off.length) times = [...times, ...off].sort((a, b) => a - b);
      } else times = offered.slice();
      const need = Math.max(1, minColumns || 1);
      for (let t = last + stepMs; times.length < need && dayOf(t) === key; t += stepMs) times.push(t);
      for (let t = first - stepMs; times.length < need && dayOf(t) === key; t -= stepMs) times.unshift(t);
      budget = Math.max(0, budget - times.length);
      return { key, times };
    });
  }

  // Which columns carry a visible time label: every `period` minutes of the day, where a period is the
  // smallest "round" span (a multiple of the step) whose columns are at least `labelPx` wide together.
  function labelPeriod(stepMinutes, columnPx, labelPx) {
    const per = Math.max(1, Math.ceil(labelPx / Math.max(1, columnPx)));
    const want = stepMinutes * per;
    const round = [5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440];
    return round.find((p) => p >= want && p % stepMinutes === 0) || want;
  }
  // Is a column whose wall clock reads `minuteOfDay` labelled? The grid's phase (a zone 45 minutes off
  // the hour puts every start at :15 or :45) is the first column's.
  function labelled(minuteOfDay, firstMinuteOfDay, stepMinutes, period) {
    const phase = ((firstMinuteOfDay % stepMinutes) + stepMinutes) % stepMinutes;
    return (((minuteOfDay - phase) % period) + period) % period === 0;
  }

  // The legend: only the states that occur, in a fixed order. `seen`: a Set of state names.
  const ORDER = ["free", "busy", "outside_hours", "held", "unknown", "none", "gone", "off"];
  const legend = (seen) => ORDER.filter((s) => seen.has(s));

  const api = { gcd, step, columns, labelPeriod, labelled, legend, ORDER, MIN_STEP, MAX_STEP };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.whofreeAxis = api;
})(typeof globalThis === "object" ? globalThis : this);
