from enum import StrEnum


class MicrosoftSourceProvider(StrEnum):
    MICROSOFT = "microsoft"

    def __str__(self) -> str:
        return str(self.value)
