"""Contains all the data models used in inputs/outputs"""

from .assignment import Assignment
from .assignment_rule import AssignmentRule
from .authorization import Authorization
from .authorization_envelope import AuthorizationEnvelope
from .availability_request import AvailabilityRequest
from .availability_response import AvailabilityResponse
from .available_host import AvailableHost
from .busy_block import BusyBlock
from .busy_interval import BusyInterval
from .calcom_key_connection import CalcomKeyConnection
from .calcom_key_connection_provider import CalcomKeyConnectionProvider
from .calendly_key_connection import CalendlyKeyConnection
from .calendly_key_connection_provider import CalendlyKeyConnectionProvider
from .calendly_source import CalendlySource
from .calendly_source_provider import CalendlySourceProvider
from .configured_host import ConfiguredHost
from .connection import Connection
from .connection_envelope import ConnectionEnvelope
from .connection_identity import ConnectionIdentity
from .connection_page import ConnectionPage
from .connection_provider import ConnectionProvider
from .connection_status import ConnectionStatus
from .connection_webhook import ConnectionWebhook
from .connection_webhook_secret import ConnectionWebhookSecret
from .date_override import DateOverride
from .error_body import ErrorBody
from .error_detail import ErrorDetail
from .event_type_available_times import EventTypeAvailableTimes
from .event_type_config import EventTypeConfig
from .event_type_config_host_order_type_0 import EventTypeConfigHostOrderType0
from .event_type_envelope import EventTypeEnvelope
from .event_type_page import EventTypePage
from .event_type_resource import EventTypeResource
from .event_type_resource_host_order_type_0 import EventTypeResourceHostOrderType0
from .event_type_sequence_item import EventTypeSequenceItem
from .event_type_sequence_meeting import EventTypeSequenceMeeting
from .event_type_sequences import EventTypeSequences
from .event_type_slot import EventTypeSlot
from .event_type_slot_status import EventTypeSlotStatus
from .free_busy_participant import FreeBusyParticipant
from .free_busy_request import FreeBusyRequest
from .free_busy_response import FreeBusyResponse
from .gap_minutes import GapMinutes
from .get_event_type_sequences_order import GetEventTypeSequencesOrder
from .google_source import GoogleSource
from .google_source_provider import GoogleSourceProvider
from .group import Group
from .group_required_type_0 import GroupRequiredType0
from .ics_source import IcsSource
from .ics_source_provider import IcsSourceProvider
from .list_pagination import ListPagination
from .meeting import Meeting
from .microsoft_source import MicrosoftSource
from .microsoft_source_provider import MicrosoftSourceProvider
from .new_connection import NewConnection
from .new_connection_envelope import NewConnectionEnvelope
from .new_connection_identity import NewConnectionIdentity
from .new_connection_provider import NewConnectionProvider
from .new_connection_status import NewConnectionStatus
from .nylas_key_connection import NylasKeyConnection
from .nylas_key_connection_provider import NylasKeyConnectionProvider
from .nylas_key_connection_region import NylasKeyConnectionRegion
from .nylas_source import NylasSource
from .nylas_source_provider import NylasSourceProvider
from .o_auth_connection_request import OAuthConnectionRequest
from .o_auth_connection_request_provider import OAuthConnectionRequestProvider
from .override_interval import OverrideInterval
from .pagination import Pagination
from .participant import Participant
from .participant_busy import ParticipantBusy
from .provider_reservation import ProviderReservation
from .provider_reservation_provider import ProviderReservationProvider
from .provider_warning import ProviderWarning
from .reservation import Reservation
from .reservation_envelope import ReservationEnvelope
from .reservation_request import ReservationRequest
from .sequence_item import SequenceItem
from .sequence_meeting import SequenceMeeting
from .sequence_request import SequenceRequest
from .sequence_request_order import SequenceRequestOrder
from .sequence_response import SequenceResponse
from .slot import Slot
from .subscription_envelope import SubscriptionEnvelope
from .subscription_page import SubscriptionPage
from .subscription_request import SubscriptionRequest
from .subscription_resource import SubscriptionResource
from .unavailable import Unavailable
from .unavailable_reason import UnavailableReason
from .warning import Warning_
from .window import Window
from .window_days_item import WindowDaysItem

__all__ = (
    "Assignment",
    "AssignmentRule",
    "Authorization",
    "AuthorizationEnvelope",
    "AvailabilityRequest",
    "AvailabilityResponse",
    "AvailableHost",
    "BusyBlock",
    "BusyInterval",
    "CalcomKeyConnection",
    "CalcomKeyConnectionProvider",
    "CalendlyKeyConnection",
    "CalendlyKeyConnectionProvider",
    "CalendlySource",
    "CalendlySourceProvider",
    "ConfiguredHost",
    "Connection",
    "ConnectionEnvelope",
    "ConnectionIdentity",
    "ConnectionPage",
    "ConnectionProvider",
    "ConnectionStatus",
    "ConnectionWebhook",
    "ConnectionWebhookSecret",
    "DateOverride",
    "ErrorBody",
    "ErrorDetail",
    "EventTypeAvailableTimes",
    "EventTypeConfig",
    "EventTypeConfigHostOrderType0",
    "EventTypeEnvelope",
    "EventTypePage",
    "EventTypeResource",
    "EventTypeResourceHostOrderType0",
    "EventTypeSequenceItem",
    "EventTypeSequenceMeeting",
    "EventTypeSequences",
    "EventTypeSlot",
    "EventTypeSlotStatus",
    "FreeBusyParticipant",
    "FreeBusyRequest",
    "FreeBusyResponse",
    "GapMinutes",
    "GetEventTypeSequencesOrder",
    "GoogleSource",
    "GoogleSourceProvider",
    "Group",
    "GroupRequiredType0",
    "IcsSource",
    "IcsSourceProvider",
    "ListPagination",
    "Meeting",
    "MicrosoftSource",
    "MicrosoftSourceProvider",
    "NewConnection",
    "NewConnectionEnvelope",
    "NewConnectionIdentity",
    "NewConnectionProvider",
    "NewConnectionStatus",
    "NylasKeyConnection",
    "NylasKeyConnectionProvider",
    "NylasKeyConnectionRegion",
    "NylasSource",
    "NylasSourceProvider",
    "OAuthConnectionRequest",
    "OAuthConnectionRequestProvider",
    "OverrideInterval",
    "Pagination",
    "Participant",
    "ParticipantBusy",
    "ProviderReservation",
    "ProviderReservationProvider",
    "ProviderWarning",
    "Reservation",
    "ReservationEnvelope",
    "ReservationRequest",
    "SequenceItem",
    "SequenceMeeting",
    "SequenceRequest",
    "SequenceRequestOrder",
    "SequenceResponse",
    "Slot",
    "SubscriptionEnvelope",
    "SubscriptionPage",
    "SubscriptionRequest",
    "SubscriptionResource",
    "Unavailable",
    "UnavailableReason",
    "Warning_",
    "Window",
    "WindowDaysItem",
)
