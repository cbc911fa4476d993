from enum import StrEnum


class EventTypeSlotStatus(StrEnum):
    AVAILABLE = "available"

    def __str__(self) -> str:
        return str(self.value)
