from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.provider_reservation import ProviderReservation
    from ..models.provider_warning import ProviderWarning


T = TypeVar("T", bound="Reservation")


@_attrs_define
class Reservation:
    """
    Attributes:
        end_time (str):
        event_type (str):
        expires_at (str):
        hosts (list[str]): Every host the meeting holds, in the event type's order.
        start_time (str):
        uid (str): Opaque; DELETE /v1/reservations/{uid} releases the hold.
        provider_reservation (None | ProviderReservation | Unset): The slot reserved at the provider for as long as the
            hold lasts, released with it (Cal.com: POST /v2/slots/reservations, so that its own booking page stops offering
            the slot); null when the provider has no such call (Calendly, configured event types) or refused (then
            `warnings`).
        warnings (list[ProviderWarning] | None | Unset): Only when the provider refused to reserve the slot: the hold is
            made anyway.
    """

    end_time: str
    event_type: str
    expires_at: str
    hosts: list[str]
    start_time: str
    uid: str
    provider_reservation: None | ProviderReservation | Unset = UNSET
    warnings: list[ProviderWarning] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.provider_reservation import ProviderReservation  # noqa: PLC0415

        end_time = self.end_time

        event_type = self.event_type

        expires_at = self.expires_at

        hosts = self.hosts

        start_time = self.start_time

        uid = self.uid

        provider_reservation: dict[str, Any] | None | Unset
        if isinstance(self.provider_reservation, Unset):
            provider_reservation = UNSET
        elif isinstance(self.provider_reservation, ProviderReservation):
            provider_reservation = self.provider_reservation.to_dict()
        else:
            provider_reservation = self.provider_reservation

        warnings: list[dict[str, Any]] | None | Unset
        if isinstance(self.warnings, Unset):
            warnings = UNSET
        elif isinstance(self.warnings, list):
            warnings = []
            for warnings_type_0_item_data in self.warnings:
                warnings_type_0_item = warnings_type_0_item_data.to_dict()
                warnings.append(warnings_type_0_item)

        else:
            warnings = self.warnings

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "end_time": end_time,
                "event_type": event_type,
                "expires_at": expires_at,
                "hosts": hosts,
                "start_time": start_time,
                "uid": uid,
            }
        )
        if provider_reservation is not UNSET:
            field_dict["provider_reservation"] = provider_reservation
        if warnings is not UNSET:
            field_dict["warnings"] = warnings

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.provider_reservation import ProviderReservation  # noqa: PLC0415
        from ..models.provider_warning import ProviderWarning  # noqa: PLC0415

        d = dict(src_dict)
        end_time = d.pop("end_time")

        event_type = d.pop("event_type")

        expires_at = d.pop("expires_at")

        hosts = cast(list[str], d.pop("hosts"))

        start_time = d.pop("start_time")

        uid = d.pop("uid")

        def _parse_provider_reservation(data: object) -> None | ProviderReservation | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                provider_reservation_type_0 = ProviderReservation.from_dict(data)

                return provider_reservation_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ProviderReservation | Unset, data)

        provider_reservation = _parse_provider_reservation(d.pop("provider_reservation", UNSET))

        def _parse_warnings(data: object) -> list[ProviderWarning] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                warnings_type_0 = []
                _warnings_type_0 = data
                for warnings_type_0_item_data in _warnings_type_0:
                    warnings_type_0_item = ProviderWarning.from_dict(warnings_type_0_item_data)

                    warnings_type_0.append(warnings_type_0_item)

                return warnings_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ProviderWarning] | None | Unset, data)

        warnings = _parse_warnings(d.pop("warnings", UNSET))

        reservation = cls(
            end_time=end_time,
            event_type=event_type,
            expires_at=expires_at,
            hosts=hosts,
            start_time=start_time,
            uid=uid,
            provider_reservation=provider_reservation,
            warnings=warnings,
        )

        reservation.additional_properties = d
        return reservation

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
