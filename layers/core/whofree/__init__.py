"""whofree: labelled availability slots, i.e. every slot with the list of hosts free in it."""

__version__ = "0.1.0"


def _zone_source() -> str:
    """Where IANA zone rules come from: on Lambda only the layer's ``tzdata`` package (pinned in
    layers/core/requirements.txt), never the runtime image's /usr/share/zoneinfo, whose age follows
    the image and not this repository; elsewhere zoneinfo's default search (system first, then
    tzdata). Set WHOFREE_ZONES=tzdata to get Lambda's choice anywhere. Runs before any zone is read."""
    import os

    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") or os.environ.get("WHOFREE_ZONES") == "tzdata":
        import zoneinfo

        zoneinfo.reset_tzpath(to=())  # no directories: zoneinfo reads the tzdata package only
        zoneinfo.ZoneInfo.clear_cache()
        return "tzdata"
    return "system"


ZONE_SOURCE = _zone_source()
