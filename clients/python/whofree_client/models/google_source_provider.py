from enum import StrEnum


class GoogleSourceProvider(StrEnum):
    GOOGLE = "google"

    def __str__(self) -> str:
        return str(self.value)
