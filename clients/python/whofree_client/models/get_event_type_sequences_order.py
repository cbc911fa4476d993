from enum import StrEnum


class GetEventTypeSequencesOrder(StrEnum):
    ANY = "any"
    FIXED = "fixed"

    def __str__(self) -> str:
        return str(self.value)
