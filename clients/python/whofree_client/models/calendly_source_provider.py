from enum import StrEnum


class CalendlySourceProvider(StrEnum):
    CALENDLY = "calendly"

    def __str__(self) -> str:
        return str(self.value)
