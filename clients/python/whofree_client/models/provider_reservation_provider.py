from enum import StrEnum


class ProviderReservationProvider(StrEnum):
    CALCOM = "calcom"

    def __str__(self) -> str:
        return str(self.value)
