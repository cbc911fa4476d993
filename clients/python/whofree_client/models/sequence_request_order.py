from enum import StrEnum


class SequenceRequestOrder(StrEnum):
    ANY = "any"
    FIXED = "fixed"

    def __str__(self) -> str:
        return str(self.value)
