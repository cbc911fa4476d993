from enum import StrEnum


class CalcomKeyConnectionProvider(StrEnum):
    CALCOM = "calcom"

    def __str__(self) -> str:
        return str(self.value)
