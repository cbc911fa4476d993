from enum import StrEnum


class CalendlyKeyConnectionProvider(StrEnum):
    CALENDLY = "calendly"

    def __str__(self) -> str:
        return str(self.value)
