from enum import StrEnum


class NylasSourceProvider(StrEnum):
    NYLAS = "nylas"

    def __str__(self) -> str:
        return str(self.value)
