"""Cal.com: the README's PATCH, sent over HTTP to the fake Cal.com served on 127.0.0.1, turns per-host
answers on."""

from __future__ import annotations

import httpx

from tests.fakes.calcom import KEY
from tests.unit.providers.test_calcom import _env, faithful, run  # noqa: F401 - _env is an autouse fixture


def test_the_readme_patch_turns_per_host_answers_on():
    fake = faithful()
    fake.serve()
    try:
        response = httpx.patch(
            f"{fake.url}/v2/teams/7/event-types/42",
            json={"rrHostSubsetEnabled": True},
            headers={"Authorization": f"Bearer {KEY}", "cal-api-version": "2024-06-14"},
        )
        assert response.status_code == 200
        assert response.json()["data"]["rrHostSubsetEnabled"] is True
    finally:
        fake.stop()
    labelled = run(fake)
    assert labelled.warnings == []
    assert any(hosts for _, hosts in labelled.slots)
