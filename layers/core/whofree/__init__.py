"""whofree: labelled availability slots, i.e. every slot with the list of hosts free in it."""

__version__ = "0.1.0"


def _zone_source() -> str:
    """Where IANA zone rules come from: on Lambda only the layer's ``tzdata`` package (pinned in
    layers/core/requirements.txt), never the runtime image's /usr/share/zoneinfo, whose age follows
    the image and not this repository; elsewhere zoneinfo's default search (system first, then
    tzdata). Set WHOFREE_ZONES=tzdata to get Lambda's choice anywhere. Runs before any zone is read.
    settings.zone_source() reads just the two variables (not the whole settings, which functions read
    at their init); its pydantic import is one every function makes at init anyway."""
    from whofree import settings

    if settings.zone_source() == "tzdata":
        import zoneinfo

        zoneinfo.reset_tzpath(to=())  # no directories: zoneinfo reads the tzdata package only
        zoneinfo.ZoneInfo.clear_cache()
        return "tzdata"
    return "system"


ZONE_SOURCE = _zone_source()
