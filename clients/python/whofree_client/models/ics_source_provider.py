from enum import StrEnum


class IcsSourceProvider(StrEnum):
    ICS = "ics"

    def __str__(self) -> str:
        return str(self.value)
