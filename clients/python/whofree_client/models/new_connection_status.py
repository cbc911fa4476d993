from enum import StrEnum


class NewConnectionStatus(StrEnum):
    ACTIVE = "active"
    NEEDS_REAUTHORIZATION = "needs_reauthorization"
    REVOKED = "revoked"

    def __str__(self) -> str:
        return str(self.value)
