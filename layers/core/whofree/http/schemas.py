"""Response shapes that only the OpenAPI document needs (the routes write this JSON themselves),
so that a client generated from the document gets typed models for every answer (API.md §3, §6)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from whofree.models import EventTypeResource, Unavailable, Warning_


class ListPagination(BaseModel):
    model_config = ConfigDict(title="ListPagination")
    count: int = Field(description="Items on this page.")
    next_page_token: str | None = Field(description="Pass as page_token for the next page; null on the last.")
    next_page: str | None = Field(default=None, description="The URL of the next page; null on the last.")


class AvailableHost(BaseModel):
    id: str
    name: str | None = None
    email: str | None = None
    uri: str | None = Field(default=None, description="The provider's URI of the host, when it has one.")


class EventTypeSlot(BaseModel):
    status: Literal["available"]
    start_time: str = Field(json_schema_extra={"format": "date-time"}, examples=["2030-03-11T13:00:00Z"])
    end_time: str = Field(json_schema_extra={"format": "date-time"}, examples=["2030-03-11T13:30:00Z"])
    invitees_remaining: int
    available_hosts: list[AvailableHost] = Field(description="Every host free in the slot, in host order.")
    scheduling_url: str | None = Field(default=None, description="The provider's booking link, when it has one.")
    unavailable: list[Unavailable] | None = Field(
        default=None,
        description="Only with explain=true: every host not in available_hosts (of the hosts filter), in host order.",
    )


class EventTypeAvailableTimes(BaseModel):
    collection: list[EventTypeSlot]
    pagination: ListPagination
    warnings: list[Warning_] | None = Field(default=None, description="Only when some calendar could not be read.")


class EventTypePage(BaseModel):
    collection: list[EventTypeResource]
    pagination: ListPagination
