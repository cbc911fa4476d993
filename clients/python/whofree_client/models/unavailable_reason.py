from enum import StrEnum


class UnavailableReason(StrEnum):
    BUSY = "busy"
    HELD = "held"
    OUTSIDE_HOURS = "outside_hours"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return str(self.value)
