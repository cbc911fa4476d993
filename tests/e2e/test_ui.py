"""GET /v1/ui in a real browser: every cell in the state the API says (across DST changes), on a time
axis that keeps the times the API does not offer, holds and their expiry, a legend of the states
present, the keyboard, the heat map and a phone-width screen. Screenshots for the README are taken here."""

from __future__ import annotations

import itertools
import math
import os
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import httpx
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from tests.e2e.browser import chromium, ui_runner  # noqa: F401 - the fixtures browser and runner
from tests.e2e.chromium import big_team

pytestmark = pytest.mark.browser

# The README's screenshots are taken here: `WHOFREE_SCREENSHOTS=docs/img pytest tests/e2e/test_ui.py` writes them
# into docs/img; other runs write them to a temporary folder, so the work tree stays clean (the week's
# shows a hold's expiry, which changes every run).
IMAGES = Path(os.environ.get("WHOFREE_SCREENSHOTS") or Path(tempfile.gettempdir()) / "whofree-screenshots")
EVENT_TYPE = "demo-team"

READ_GRID = """
const cols = [...document.querySelectorAll('#grid.grid thead tr:nth-child(2) th')].map(th => ({
  start: th.dataset.start, day: th.dataset.day, time: th.dataset.time, mine: th.classList.contains('mine'),
  offered: th.dataset.offered === 'true', label: th.getAttribute('aria-label')}));
const rows = [...document.querySelectorAll('#grid.grid tbody tr')].map(tr => ({
  host: tr.dataset.host, name: tr.querySelector('th').textContent,
  states: [...tr.querySelectorAll('td.c')].map(td => td.dataset.state),
  labels: [...tr.querySelectorAll('td.c')].map(td => td.getAttribute('aria-label'))}));
return {cols, rows, raw: document.getElementById('raw-link').href};
"""


@pytest.fixture(autouse=True)
def _no_holds_left(browser, runner):
    """Each test starts and ends without holds: those a test made are released through the API."""
    yield
    if not browser.current_url.startswith(runner.url):
        return
    holds = browser.execute_script("return JSON.parse(sessionStorage.getItem('whofree-holds') || '[]')")
    for hold in holds:
        httpx.delete(f"{runner.url}/v1/reservations/{hold['uid']}", timeout=30)
    browser.execute_script("sessionStorage.clear()")


def drawn(browser) -> int:
    return int(browser.execute_script("return Number(document.body.dataset.drawn || 0)"))


def wait_drawn(browser, before: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if drawn(browser) > before:
            return
        status = browser.find_element(By.ID, "status")
        if "error" in (status.get_attribute("class") or ""):
            pytest.fail(f"the page says: {status.text}")
        time.sleep(0.05)
    pytest.fail(f"the page did not draw in {timeout} s; it says: {browser.find_element(By.ID, 'status').text}")


def open_week(browser, runner, week: str, zone: str, view: str = "grid") -> None:
    browser.get(f"{runner.url}/v1/ui?event_type={EVENT_TYPE}&week={week}&timezone={zone}&view={view}")
    wait_drawn(browser, 0)


def week_range(monday: date, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    start = datetime(monday.year, monday.month, monday.day, tzinfo=tz)
    following = monday + timedelta(days=7)
    return start, datetime(following.year, following.month, following.day, tzinfo=tz)


def z(moment: datetime) -> str:
    return moment.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def api_week(runner, start: datetime, end: datetime) -> dict:
    response = httpx.get(
        f"{runner.url}/v1/event_type_available_times",
        params={
            "event_type": EVENT_TYPE,
            "start_time": z(start),
            "end_time": z(end),
            "explain": "true",
            "count": 10000,
        },
        timeout=30,
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["pagination"]["next_page_token"] is None
    return body


def expected_states(body: dict) -> dict[tuple[str, str], str]:
    """(host id, slot start) -> the state the API gives: free, or the reason, or none (no reason)."""
    hosts: list[str] = []
    for slot in body["collection"]:
        for h in slot["available_hosts"]:
            hosts.append(h["id"]) if h["id"] not in hosts else None
        for u in slot.get("unavailable", []):
            hosts.append(u["id"]) if u["id"] not in hosts else None
    states = {}
    for slot in body["collection"]:
        for host in hosts:
            states[(host, slot["start_time"])] = "none"
        for h in slot["available_hosts"]:
            states[(h["id"], slot["start_time"])] = "free"
        for u in slot.get("unavailable", []):
            states[(u["id"], slot["start_time"])] = u["reason"]
    return states


def page_states(grid: dict) -> dict[tuple[str, str], str]:
    return {
        (row["host"], col["start"]): state
        for row in grid["rows"]
        for col, state in zip(grid["cols"], row["states"], strict=True)
        if col["offered"]
    }


def check_week(browser, runner, monday: date, zone: str) -> tuple[dict, dict]:
    """The drawn week is the zone's Monday-to-Monday, each column labelled in the zone, each cell as the API says."""
    grid = browser.execute_script(READ_GRID)
    start, end = week_range(monday, zone)
    asked = parse_qs(urlsplit(grid["raw"]).query)
    assert (asked["start_time"], asked["end_time"], asked["explain"]) == ([z(start)], [z(end)], ["true"])
    body = api_week(runner, start, end)
    check_axis(grid, body, zone, step=30)  # the demo team's interval_minutes
    tz = ZoneInfo(zone)
    for col in grid["cols"]:
        local = instant(col["start"]).astimezone(tz)
        assert (col["day"], col["time"]) == (f"{local:%a} {local.day} {local:%b}", f"{local:%H:%M}"), col
        assert col["label"] == f"{col['day']} {col['time']}"  # each column's name for a screen reader
    expected = expected_states(body)
    assert page_states(grid) == expected
    # Every row is a host of the answer, named as the API names it, and its cells read as "name, day time, state".
    names = {h["id"]: h.get("name") or h["id"] for s in body["collection"] for h in s["available_hosts"]}
    for row in grid["rows"]:
        name = names.get(row["host"], row["host"])
        assert row["name"].startswith(name)
        for col, label in zip(grid["cols"], row["labels"], strict=True):
            assert label.startswith(f"{name}, {col['day']} {col['time']}, ")
    return grid, expected


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def check_axis(grid: dict, body: dict, zone: str, step: int) -> None:
    """The columns are a true time axis: every slot the API offers is an offered column, in order; each
    day's columns run every `step` minutes (in instants), so no time between two offered slots is left
    out; every other column is a time the API does not offer, and each of its cells says so."""
    offered = [s["start_time"] for s in body["collection"]]
    assert [c["start"] for c in grid["cols"] if c["offered"]] == offered
    tz = ZoneInfo(zone)
    days: dict[date, list[dict]] = {}
    for col in grid["cols"]:
        days.setdefault(instant(col["start"]).astimezone(tz).date(), []).append(col)
    assert set(days) == {instant(s).astimezone(tz).date() for s in offered}  # no day without an offered slot
    for cols in days.values():
        starts = [instant(c["start"]) for c in cols]
        assert all(b - a == timedelta(minutes=step) for a, b in itertools.pairwise(starts)), starts
    assert not {c["start"] for c in grid["cols"] if not c["offered"]} & set(offered)
    for row in grid["rows"]:
        for col, state, label in zip(grid["cols"], row["states"], row["labels"], strict=True):
            if not col["offered"] and not col["mine"]:
                assert (state, label.endswith(", not offered")) == ("off", True), (row["host"], col)


def legend_states(browser) -> list[str]:
    return browser.execute_script("return [...document.querySelectorAll('#legend li')].map(li => li.dataset.state)")


def check_legend(browser) -> None:
    """The legend lists the states the grid shows, and no other."""
    order = ["free", "busy", "outside_hours", "held", "unknown", "none", "gone", "off"]
    shown = set(
        browser.execute_script("return [...document.querySelectorAll('#grid td.c')].map(td => td.dataset.state)")
    )
    assert legend_states(browser) == [s for s in order if s in shown]


DST_WEEKS = [
    # New York springs forward on Sunday 10 March 2030: that Monday-to-Monday is 167 hours. Dev's
    # standup (ICS) and Ana's meeting on the 11th make hosts busy.
    (date(2030, 3, 4), "America/New_York", 167, {"free", "busy", "outside_hours"}),
    # London springs forward on Sunday 31 March 2030, while New York has been on summer time for 3 weeks.
    (date(2030, 3, 25), "Europe/London", 167, {"free", "outside_hours"}),
    # New York falls back on Sunday 3 November 2030: 169 hours.
    (date(2030, 10, 28), "America/New_York", 169, {"free", "outside_hours"}),
]


@pytest.mark.parametrize(("monday", "zone", "hours", "seen"), DST_WEEKS, ids=[f"{m}-{z}" for m, z, *_ in DST_WEEKS])
def test_a_week_across_a_dst_change_shows_every_cell_as_the_api_says(browser, runner, monday, zone, hours, seen):
    start, end = week_range(monday, zone)
    assert end.timestamp() - start.timestamp() == hours * 3600  # the week really crosses the change
    open_week(browser, runner, monday.isoformat(), zone)
    _, first = check_week(browser, runner, monday, zone)
    assert first, "the demo team offers slots that week"
    # The page's own "next week" crosses the change too: the following Monday, midnight in the zone.
    before = drawn(browser)
    browser.find_element(By.ID, "next-week").click()
    wait_drawn(browser, before)
    _, second = check_week(browser, runner, monday + timedelta(days=7), zone)
    # The reasons are drawn, not only "free": every state the demo team has in these two weeks.
    assert seen <= set(first.values()) | set(second.values())
    assert "none" not in set(first.values()) | set(second.values())  # explain gives everyone a reason


def test_the_same_week_in_another_zone_keeps_the_slots_and_relabels_them(browser, runner):
    open_week(browser, runner, "2030-03-11", "America/New_York")
    new_york = check_week(browser, runner, date(2030, 3, 11), "America/New_York")[0]
    open_week(browser, runner, "2030-03-11", "Asia/Kolkata")
    kolkata = check_week(browser, runner, date(2030, 3, 11), "Asia/Kolkata")[0]
    shared = {c["start"] for c in new_york["cols"]} & {c["start"] for c in kolkata["cols"]}
    assert shared
    ny = {c["start"]: c["time"] for c in new_york["cols"]}
    kol = {c["start"]: c["time"] for c in kolkata["cols"]}
    assert all(ny[s] != kol[s] for s in shared)  # 9h30 apart that week


def test_the_time_axis_keeps_the_times_the_api_does_not_offer(browser, runner):
    # Ana is busy 10:00-11:00 on Monday 11 March and the meeting lasts an hour: the API offers 09:00 and
    # then 11:00. The page shows 09:30, 10:00 and 10:30 between them, not offered, on the 30-minute grid.
    monday = date(2030, 3, 11)
    open_week(browser, runner, monday.isoformat(), "America/New_York")
    grid, _ = check_week(browser, runner, monday, "America/New_York")
    body = api_week(runner, *week_range(monday, "America/New_York"))
    tz = ZoneInfo("America/New_York")
    offered = {instant(s["start_time"]).astimezone(tz).strftime("%d %H:%M") for s in body["collection"]}
    assert {"11 09:00", "11 11:00"} <= offered
    assert not {"11 09:30", "11 10:00", "11 10:30"} & offered
    monday_cols = [(c["time"], c["offered"]) for c in grid["cols"] if c["day"] == "Mon 11 Mar"][:5]
    assert monday_cols == [("09:00", True), ("09:30", False), ("10:00", False), ("10:30", False), ("11:00", True)]
    # Time labels read across, and each day's header is whole.
    heads = browser.execute_script(
        "return {labels: [...document.querySelectorAll('#grid th.time .tl')].map(e => {"
        "  const r = e.getBoundingClientRect(); return {text: e.textContent, w: r.width, h: r.height,"
        "  mode: getComputedStyle(e.closest('th')).writingMode, transform: getComputedStyle(e.closest('th')).transform}}),"
        " days: [...document.querySelectorAll('#grid th.day')].map(th => {const s = th.querySelector('.dl');"
        "  return {text: s.textContent, span: s.getBoundingClientRect().width, cell: th.getBoundingClientRect().width}})}"
    )
    assert heads["labels"], "some times are labelled"
    for label in heads["labels"]:
        assert label["w"] > label["h"], label  # horizontal
        assert (label["mode"], label["transform"]) == ("horizontal-tb", "none"), label
    assert [d["text"] for d in heads["days"]] == ["Mon 11 Mar", "Tue 12 Mar", "Wed 13 Mar", "Thu 14 Mar", "Fri 15 Mar"]
    for day in heads["days"]:
        assert day["span"] <= day["cell"], day  # not cut
    check_legend(browser)
    assert "off" in legend_states(browser)
    assert "unknown" not in legend_states(browser)
    assert "Nothing offered on Sat 16 Mar, Sun 17 Mar." in browser.find_element(By.ID, "status").text


def cell(browser, host: str, start: str):
    return browser.find_element(By.CSS_SELECTOR, f'tr[data-host="{host}"] td[data-c="{col_index(browser, start)}"]')


def col_index(browser, start: str) -> int:
    return browser.execute_script(
        "return [...document.querySelectorAll('#grid.grid thead tr:nth-child(2) th')]"
        ".findIndex(th => th.dataset.start === arguments[0])",
        start,
    )


def test_a_click_holds_a_free_cell_and_releasing_restores_it(browser, runner):
    monday = date(2030, 3, 11)
    open_week(browser, runner, monday.isoformat(), "America/New_York")
    grid, before_states = check_week(browser, runner, monday, "America/New_York")
    # Ben in a slot where Chen is free too: the slot stays offered with Ben held.
    slot = next(
        s
        for s in [c["start"] for c in grid["cols"] if c["offered"]]
        if before_states[("ben@example.com", s)] == "free" and before_states[("chen@example.com", s)] == "free"
    )
    target = cell(browser, "ben@example.com", slot)
    assert target.get_attribute("aria-label").startswith("Ben, ")
    before = drawn(browser)
    target.click()
    wait_drawn(browser, before)
    assert cell(browser, "ben@example.com", slot).get_attribute("data-state") == "held"
    holds = browser.find_elements(By.CSS_SELECTOR, "#holds li")
    assert len(holds) == 1
    assert "Ben" in holds[0].text
    # The expiry (minutes from now) and the meeting (in 2030) each show their date, in the page's zone.
    hold = browser.execute_script("return JSON.parse(sessionStorage.getItem('whofree-holds'))[0]")
    expires = instant(hold["expires_at"]).astimezone(ZoneInfo("America/New_York"))
    meeting = instant(hold["start_time"]).astimezone(ZoneInfo("America/New_York"))
    assert f"held until {expires:%a} {expires.day} {expires:%b} {expires.year}, {expires:%H:%M:%S}" in holds[0].text
    assert f"{meeting:%a} {meeting.day} {meeting:%b} {meeting.year}, {meeting:%H:%M}" in holds[0].text
    assert holds[0].find_element(By.CSS_SELECTOR, "time.expires").get_attribute("datetime") == hold["expires_at"]
    assert (
        f"until {expires:%a} {expires.day} {expires:%b} {expires.year}, " in browser.find_element(By.ID, "status").text
    )
    check_legend(browser)
    assert "held" in legend_states(browser)
    # The API says so too: Ben is held in that slot (or the slot is not offered while held).
    body = api_week(runner, *week_range(monday, "America/New_York"))
    answer = next((s for s in body["collection"] if s["start_time"] == slot), None)
    if answer is not None:
        assert {"id": "ben@example.com", "reason": "held"} in answer["unavailable"]
        assert expected_states(body) == page_states(browser.execute_script(READ_GRID))
    IMAGES.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(IMAGES / "ui-week.png"))
    before = drawn(browser)
    holds[0].find_element(By.CSS_SELECTOR, "button.release").click()
    wait_drawn(browser, before)
    assert not browser.find_elements(By.CSS_SELECTOR, "#holds li")
    after = browser.execute_script(READ_GRID)
    assert page_states(after) == before_states
    assert cell(browser, "ben@example.com", slot).get_attribute("data-state") == "free"


def tab_stops(browser, limit: int = 60) -> list[str]:
    browser.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    seen: list[str] = []
    for _ in range(limit):
        key = browser.execute_script(
            "const e = document.activeElement;"
            "return e.id || (e.matches('td.c') ? 'cell' : '') || (e.matches('button.release') ? 'release' : '')"
            " || (e.name === 'view' ? 'view-' + e.value : '') || e.tagName"
        )
        if seen and key == seen[0]:
            break
        seen.append(key)
        browser.switch_to.active_element.send_keys(Keys.TAB)
    return seen


def test_the_keyboard_reaches_every_control_and_moves_in_the_grid(browser, runner):
    open_week(browser, runner, "2030-03-11", "America/New_York")
    stops = tab_stops(browser)
    for control in ("event-type", "prev-week", "this-week", "next-week", "timezone", "view-grid", "show", "raw-link"):
        assert control in stops, stops
    assert stops.count("cell") == 1, stops  # the grid is one tab stop; arrows move inside it
    # Into the grid: focus is visible, then the arrows move it.
    while browser.execute_script("return document.activeElement.matches('td.c')") is False:
        browser.switch_to.active_element.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.value_of_css_property("outline-style") != "none"
    assert float(focused.value_of_css_property("outline-width").removesuffix("px")) >= 2
    first = focused.get_attribute("aria-label")
    focused.send_keys(Keys.ARROW_RIGHT)
    right = browser.switch_to.active_element
    assert (right.get_attribute("data-r"), right.get_attribute("data-c")) == ("0", "1")
    right.send_keys(Keys.ARROW_DOWN)
    down = browser.switch_to.active_element
    assert (down.get_attribute("data-r"), down.get_attribute("data-c")) == ("1", "1")
    assert down.get_attribute("aria-label") != first
    down.send_keys(Keys.END)
    assert browser.switch_to.active_element.get_attribute("data-c") == str(
        len(browser.execute_script(READ_GRID)["cols"]) - 1
    )
    # Enter on a free cell holds it; the Release button is then a tab stop and Enter releases.
    browser.switch_to.active_element.send_keys(Keys.HOME)
    while browser.switch_to.active_element.get_attribute("data-state") != "free":
        browser.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    before = drawn(browser)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait_drawn(browser, before)
    assert "release" in tab_stops(browser)
    before = drawn(browser)
    browser.find_element(By.CSS_SELECTOR, "button.release").send_keys(Keys.ENTER)
    wait_drawn(browser, before)
    assert not browser.find_elements(By.CSS_SELECTOR, "#holds li")
    # The arrow keys switch the view (a radio group), and the heat map's cells are reachable too.
    radio = browser.find_element(By.CSS_SELECTOR, 'input[name="view"][value="grid"]')
    before = drawn(browser)
    radio.send_keys(Keys.ARROW_RIGHT)
    wait_drawn(browser, before)
    assert browser.find_element(By.CSS_SELECTOR, 'input[name="view"][value="heat"]').is_selected()
    assert "cell" in tab_stops(browser)


def test_the_heat_map_counts_who_is_free_and_names_them(browser, runner):
    monday = date(2030, 3, 11)
    open_week(browser, runner, monday.isoformat(), "America/New_York", view="heat")
    body = api_week(runner, *week_range(monday, "America/New_York"))
    tz = ZoneInfo("America/New_York")
    cells = browser.execute_script(
        "return [...document.querySelectorAll('#grid.heat tbody tr')].map(tr => ({day: tr.querySelector('th').textContent,"
        " cells: [...tr.querySelectorAll('td.c')].map(td => ({free: td.dataset.free, label: td.getAttribute('aria-label')}))}))"
    )
    times = browser.execute_script(
        "return [...document.querySelectorAll('#grid.heat thead th.time')].map(th => th.dataset.time)"
    )
    drawn_counts = {
        (row["day"], t): c["free"]
        for row in cells
        for t, c in zip(times, row["cells"], strict=True)
        if c["free"] is not None
    }
    expected = {}
    for slot in body["collection"]:
        local = instant(slot["start_time"]).astimezone(tz)
        expected.setdefault((f"{local:%a} {local.day} {local:%b}", f"{local:%H:%M}"), str(len(slot["available_hosts"])))
    assert drawn_counts == expected
    # Times of day run every 30 minutes from the earliest to the latest; a (day, time) without a slot
    # is a cell that says "not offered".
    minutes = [int(t[:2]) * 60 + int(t[3:]) for t in times]
    assert minutes == list(range(minutes[0], minutes[-1] + 1, 30))
    assert {t for _, t in expected} <= set(times)
    for row in cells:
        for t, c in zip(times, row["cells"], strict=True):
            if (row["day"], t) not in expected:
                assert c["label"] == f"{row['day']} {t}, not offered"
    assert legend_states(browser)[-1] == "off"
    # Hover, or focus from the keyboard, names who is free.
    targets = browser.find_elements(By.CSS_SELECTOR, "#grid.heat td.c[data-free]")
    detail = browser.find_element(By.ID, "heat-detail")
    ActionChains(browser).move_to_element(targets[1]).perform()
    assert detail.is_displayed()
    assert detail.text == targets[1].get_attribute("aria-label")
    assert " free: " in detail.text
    targets[0].click()
    assert detail.text == targets[0].get_attribute("aria-label")
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    assert (
        detail.text
        == browser.switch_to.active_element.get_attribute("aria-label")
        != targets[0].get_attribute("aria-label")
    )
    IMAGES.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(IMAGES / "ui-heatmap.png"))


def test_a_390_px_phone_screen_has_no_horizontal_page_scroll(browser, runner):
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
    )
    try:
        for view in ("grid", "heat"):
            open_week(browser, runner, "2030-03-11", "America/New_York", view=view)
            sizes = browser.execute_script(
                "const d = document.documentElement, w = document.getElementById('grid-wrap');"
                "const controls = [...document.querySelectorAll('#controls input, #controls button, #controls output')]"
                "  .map(e => e.getBoundingClientRect().right);"
                "return {page: d.scrollWidth, viewport: window.innerWidth, body: document.body.scrollWidth,"
                " grid: w.scrollWidth, box: w.clientWidth, right: Math.max(...controls)}"
            )
            assert sizes["viewport"] == 390
            assert sizes["page"] <= 390, sizes
            assert sizes["body"] <= 390, sizes
            assert sizes["right"] <= 390, sizes  # every control is on screen
            if view == "grid":
                assert sizes["grid"] > sizes["box"], sizes  # the grid scrolls inside its own box
                IMAGES.mkdir(parents=True, exist_ok=True)
                browser.execute_script("document.getElementById('status').scrollIntoView()")
                browser.save_screenshot(str(IMAGES / "ui-phone.png"))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_large_team_is_drawn_as_a_window_that_follows_scrolling_and_the_keyboard(browser, runner):
    put = httpx.put(f"{runner.url}/v1/event_types/big-team", json=big_team(), timeout=60)
    assert put.status_code in (200, 201), put.text
    browser.get(f"{runner.url}/v1/ui?event_type=big-team&week=2030-03-11&timezone=UTC&view=grid")
    wait_drawn(browser, 0)
    response = httpx.get(
        f"{runner.url}/v1/event_type_available_times",
        params={
            "event_type": "big-team",
            "start_time": "2030-03-11T00:00:00Z",
            "end_time": "2030-03-18T00:00:00Z",
            "explain": "true",
            "count": 10000,
        },
        timeout=60,
    )
    expected = expected_states(response.json())
    slots = response.json()["collection"]
    assert len(slots) == 7 * 96
    table = browser.find_element(By.ID, "grid")
    assert (table.get_attribute("aria-rowcount"), table.get_attribute("aria-colcount")) == ("102", str(len(slots) + 1))
    read_cells = (
        "return [...document.querySelectorAll('#grid td.c')].map(td => [td.closest('tr').dataset.host,"
        " document.querySelector(`#grid thead th.time[aria-colindex=\"${td.getAttribute('aria-colindex')}\"]`)"
        ".dataset.start, td.dataset.state])"
    )

    def check_drawn() -> int:
        cells = browser.execute_script(read_cells)
        assert cells
        for host, start, state in cells:
            assert expected[(host, start)] == state, (host, start)
        return len(cells)

    assert 0 < check_drawn() < 100 * len(slots) // 4  # a window, not 67 200 cells
    # Scrolling to the middle draws the middle.
    before = browser.execute_script("return document.querySelector('#grid td.c').dataset.c")
    browser.execute_script("const w = document.getElementById('grid-wrap'); w.scrollLeft = w.scrollWidth / 2")
    deadline = time.monotonic() + 10
    while browser.execute_script("return document.querySelector('#grid td.c').dataset.c") == before:
        assert time.monotonic() < deadline, "scrolling did not draw a new window"
        time.sleep(0.05)
    check_drawn()
    # The keyboard reaches the last cell of the last row, wherever the window was.
    first = browser.find_element(By.CSS_SELECTOR, "#grid td.c")
    ActionChains(browser).move_to_element(first).perform()
    browser.execute_script("arguments[0].focus(); arguments[0].tabIndex = 0", first)
    first.send_keys(Keys.CONTROL, Keys.END)
    last = browser.switch_to.active_element
    assert (last.get_attribute("data-r"), last.get_attribute("data-c")) == ("99", str(len(slots) - 1))
    assert last.get_attribute("data-state") == expected[("host099@example.com", slots[-1]["start_time"])]
    check_drawn()
    last.send_keys(Keys.CONTROL, Keys.HOME)
    assert browser.switch_to.active_element.get_attribute("aria-label").startswith(
        f"Host 000, {browser.execute_script('return document.querySelector(`#grid thead th.time`).dataset.day')} "
    )
    check_drawn()


def test_a_host_whose_calendar_cannot_be_read_is_unknown_with_its_warning_beside_the_row(browser, runner):
    demo = httpx.get(f"{runner.url}/v1/event_types/{EVENT_TYPE}", timeout=30).json()["resource"]
    hosts = list(demo["hosts"])
    hosts.append(
        {
            "id": "eve@example.com",
            "name": "Eve",
            "timezone": "Europe/Berlin",
            # The runner answers 404 here: Eve's feed cannot be read.
            "source": {"provider": "ics", "url": f"{runner.url}/local/missing.ics"},
        }
    )
    body = {k: demo[k] for k in ("name", "duration_minutes", "interval_minutes", "timezone", "groups")}
    put = httpx.put(f"{runner.url}/v1/event_types/with-eve", json={**body, "hosts": hosts}, timeout=30)
    assert put.status_code in (200, 201), put.text
    browser.get(f"{runner.url}/v1/ui?event_type=with-eve&week=2030-03-11&timezone=America/New_York")
    wait_drawn(browser, 0)
    start, end = week_range(date(2030, 3, 11), "America/New_York")
    response = httpx.get(
        f"{runner.url}/v1/event_type_available_times",
        params={"event_type": "with-eve", "start_time": z(start), "end_time": z(end), "explain": "true"},
        timeout=30,
    ).json()
    assert [w["participant"] for w in response["warnings"]] == ["eve@example.com"]
    grid = browser.execute_script(READ_GRID)
    assert page_states(grid) == expected_states(response)
    eve = next(row for row in grid["rows"] if row["host"] == "eve@example.com")
    assert {s for s, c in zip(eve["states"], grid["cols"], strict=True) if c["offered"]} == {"unknown"}
    assert eve["labels"][0].endswith(", unknown (calendar could not be read)")
    warning = browser.find_element(By.CSS_SELECTOR, 'tr[data-host="eve@example.com"] th .warn')
    assert warning.is_displayed()
    assert response["warnings"][0]["message"] in warning.text
    assert "1 calendar unreadable" in browser.find_element(By.ID, "status").text
    check_legend(browser)
    assert "unknown" in legend_states(browser)


def test_a_pasted_calendly_event_type_uri_is_drawn_as_the_api_says(browser, runner):
    # The runner serves a fake Calendly with a demo event type when no Calendly token is set.
    uri = "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA"
    open_week(browser, runner, "2030-03-11", "America/New_York")
    field = browser.find_element(By.ID, "event-type")
    field.clear()
    field.send_keys(uri)
    zone = browser.find_element(By.ID, "timezone")
    zone.clear()
    zone.send_keys("America/Los_Angeles")
    before = drawn(browser)
    field.send_keys(Keys.ENTER)
    # Leaving the zone field may draw once more (a changed zone redraws): wait for the last drawing.
    deadline = time.monotonic() + 30
    while True:
        assert time.monotonic() < deadline, browser.find_element(By.ID, "status").text
        query = parse_qs(urlsplit(browser.current_url).query)
        status = browser.find_element(By.ID, "status").text
        if drawn(browser) > before and query.get("timezone") == ["America/Los_Angeles"] and "slots" in status:
            break
        time.sleep(0.1)
    grid = browser.execute_script(READ_GRID)
    start, end = week_range(date(2030, 3, 11), "America/Los_Angeles")
    response = httpx.get(
        f"{runner.url}/v1/event_type_available_times",
        params={"event_type": uri, "start_time": z(start), "end_time": z(end), "explain": "true", "count": 10000},
        timeout=30,
    )
    assert response.status_code == 200, response.text
    expected = expected_states(response.json())
    assert expected
    assert page_states(grid) == expected
    assert parse_qs(urlsplit(browser.current_url).query)["event_type"] == [uri]
    # Calendly does not say its start-time increment: the grid step is the gcd of the slots' lengths and
    # of the spacings between a day's offered starts (at most 60 minutes), and no time between is left out.
    step = grid_step(response.json()["collection"], "America/Los_Angeles")
    assert f"{step}-minute grid" in browser.find_element(By.ID, "grid-sub").text
    check_axis(grid, response.json(), "America/Los_Angeles", step=step)
    assert any(not c["offered"] for c in grid["cols"])  # this fake Calendly leaves gaps: they are shown
    check_legend(browser)


def grid_step(slots: list[dict], zone: str) -> int:
    """The page's grid step without an interval, computed here on its own: gcd(lengths, spacings), <= 60."""
    tz = ZoneInfo(zone)
    g = 0
    for s in slots:
        g = math.gcd(g, int((instant(s["end_time"]) - instant(s["start_time"])).total_seconds() // 60))
    for a, b in itertools.pairwise(slots):
        first, second = instant(a["start_time"]), instant(b["start_time"])
        if first.astimezone(tz).date() == second.astimezone(tz).date():
            g = math.gcd(g, int((second - first).total_seconds() // 60))
    return math.gcd(g, 60) if g > 60 else max(g, 5)
