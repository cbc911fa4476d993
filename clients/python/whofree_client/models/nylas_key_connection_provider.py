from enum import StrEnum


class NylasKeyConnectionProvider(StrEnum):
    NYLAS = "nylas"

    def __str__(self) -> str:
        return str(self.value)
