"""Contains all the data models used in inputs/outputs"""

from .availability_request import AvailabilityRequest
from .availability_response import AvailabilityResponse
from .available_host import AvailableHost
from .busy_block import BusyBlock
from .busy_interval import BusyInterval
from .calendly_source import CalendlySource
from .calendly_source_provider import CalendlySourceProvider
from .configured_host import ConfiguredHost
from .date_override import DateOverride
from .error_body import ErrorBody
from .error_detail import ErrorDetail
from .event_type_available_times import EventTypeAvailableTimes
from .event_type_config import EventTypeConfig
from .event_type_envelope import EventTypeEnvelope
from .event_type_page import EventTypePage
from .event_type_resource import EventTypeResource
from .event_type_slot import EventTypeSlot
from .event_type_slot_status import EventTypeSlotStatus
from .free_busy_participant import FreeBusyParticipant
from .free_busy_request import FreeBusyRequest
from .free_busy_response import FreeBusyResponse
from .google_source import GoogleSource
from .google_source_provider import GoogleSourceProvider
from .group import Group
from .group_required_type_0 import GroupRequiredType0
from .ics_source import IcsSource
from .ics_source_provider import IcsSourceProvider
from .list_pagination import ListPagination
from .microsoft_source import MicrosoftSource
from .microsoft_source_provider import MicrosoftSourceProvider
from .nylas_source import NylasSource
from .nylas_source_provider import NylasSourceProvider
from .override_interval import OverrideInterval
from .pagination import Pagination
from .participant import Participant
from .participant_busy import ParticipantBusy
from .reservation import Reservation
from .reservation_envelope import ReservationEnvelope
from .reservation_request import ReservationRequest
from .slot import Slot
from .unavailable import Unavailable
from .unavailable_reason import UnavailableReason
from .warning import Warning_
from .window import Window
from .window_days_item import WindowDaysItem

__all__ = (
    "AvailabilityRequest",
    "AvailabilityResponse",
    "AvailableHost",
    "BusyBlock",
    "BusyInterval",
    "CalendlySource",
    "CalendlySourceProvider",
    "ConfiguredHost",
    "DateOverride",
    "ErrorBody",
    "ErrorDetail",
    "EventTypeAvailableTimes",
    "EventTypeConfig",
    "EventTypeEnvelope",
    "EventTypePage",
    "EventTypeResource",
    "EventTypeSlot",
    "EventTypeSlotStatus",
    "FreeBusyParticipant",
    "FreeBusyRequest",
    "FreeBusyResponse",
    "GoogleSource",
    "GoogleSourceProvider",
    "Group",
    "GroupRequiredType0",
    "IcsSource",
    "IcsSourceProvider",
    "ListPagination",
    "MicrosoftSource",
    "MicrosoftSourceProvider",
    "NylasSource",
    "NylasSourceProvider",
    "OverrideInterval",
    "Pagination",
    "Participant",
    "ParticipantBusy",
    "Reservation",
    "ReservationEnvelope",
    "ReservationRequest",
    "Slot",
    "Unavailable",
    "UnavailableReason",
    "Warning_",
    "Window",
    "WindowDaysItem",
)
