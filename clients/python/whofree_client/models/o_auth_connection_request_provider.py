from enum import StrEnum


class OAuthConnectionRequestProvider(StrEnum):
    CALENDLY = "calendly"
    GOOGLE = "google"
    MICROSOFT = "microsoft"

    def __str__(self) -> str:
        return str(self.value)
