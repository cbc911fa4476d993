from enum import StrEnum


class AssignmentRule(StrEnum):
    LEAST_RECENTLY_BOOKED = "least_recently_booked"
    LISTED = "listed"
    WEIGHTED = "weighted"

    def __str__(self) -> str:
        return str(self.value)
