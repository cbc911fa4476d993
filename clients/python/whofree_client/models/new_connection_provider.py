from enum import StrEnum


class NewConnectionProvider(StrEnum):
    CALCOM = "calcom"
    CALENDLY = "calendly"
    GOOGLE = "google"
    MICROSOFT = "microsoft"
    NYLAS = "nylas"

    def __str__(self) -> str:
        return str(self.value)
