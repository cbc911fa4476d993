"""A POST /v1/availability body to a validated request and its busy texts: the parse, nothing else.

Instants are not read here: the busy texts go to whofree.availability.query as they came.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Annotated

import msgspec
from pydantic import BaseModel, ValidationError

from whofree.availability.details import validation_details
from whofree.errors import InvalidArgument
from whofree.models import MAX_BUSY_PER_PARTICIPANT, AvailabilityRequest
from whofree.models import Participant as ParticipantModel

BusyTexts = tuple[list, list]  # (start texts, end texts) of one participant's busy blocks


@dataclass(frozen=True, slots=True)
class Parsed:
    """A validated request, with each participant's busy blocks kept apart as two parallel lists
    of texts (None where the participant has no ``busy``). The texts become instants in to_query."""

    request: AvailabilityRequest
    busy: list[BusyTexts | None]


def _strict(body: str | bytes) -> AvailabilityRequest:
    try:
        return AvailabilityRequest.model_validate_json(body, strict=True)
    except ValidationError as exc:
        raise InvalidArgument(details=validation_details(exc)) from None


_START, _END = operator.itemgetter("start_time"), operator.itemgetter("end_time")


def _busy_texts(blocks: object) -> BusyTexts | bool | None:
    """A JSON busy list as (starts, ends), or False when it does not have BusyBlock's shape.

    C-level passes only (no Python code per block): for values that come from json.loads, len()
    == 2 together with both itemgetters succeeding means "an object with exactly these two keys".
    Whether each text is a valid instant is checked once per distinct text, by the instant parser.
    """
    if blocks is None:
        return None
    if type(blocks) is not list or len(blocks) > MAX_BUSY_PER_PARTICIPANT:
        return False
    if not blocks:
        return [], []
    try:
        if sum(map(len, blocks)) != 2 * len(blocks):  # every len() >= 2 once both keys are read below
            return False
        return list(map(_START, blocks)), list(map(_END, blocks))
    except (KeyError, TypeError, IndexError):  # not an object, or a key missing
        return False


def parse_whole(body: str | bytes) -> Parsed:
    """The reference reading: the whole body through the model, which decides and words the errors."""
    request = _strict(body)
    return Parsed(request, [_busy_texts(p.busy) for p in request.participants])


class _Block(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    """BusyBlock's shape for the fast path: exactly these two keys, both JSON strings (gc=False: two
    strings never make a cycle, so 24 000 blocks add nothing for the garbage collector to walk)."""

    start_time: str
    end_time: str


def _raw_struct(name: str, model: type[BaseModel], typed: dict[str, object]) -> type[msgspec.Struct]:
    """A struct with the model's fields (unknown keys refused): those of ``typed`` decoded to that
    type, every other kept as its raw JSON. Absent fields stay UNSET, and encoding leaves them out."""
    fields = [(field, typed.get(field, msgspec.Raw), msgspec.UNSET) for field in model.model_fields]
    return msgspec.defstruct(name, fields, forbid_unknown_fields=True)


_BUSY = Annotated[list[_Block], msgspec.Meta(max_length=MAX_BUSY_PER_PARTICIPANT)] | None
_Person = _raw_struct("_Person", ParticipantModel, {"busy": _BUSY})
_Body = _raw_struct("_Body", AvailabilityRequest, {"participants": list[_Person]})
_DECODE = msgspec.json.Decoder(_Body).decode
_ENCODE = msgspec.json.Encoder().encode
_START_TEXTS, _END_TEXTS = operator.attrgetter("start_time"), operator.attrgetter("end_time")


def _fast(body: str | bytes, decode=_DECODE) -> tuple[bytes, list[BusyTexts | None]] | None:
    """The body's busy lists as texts and the rest of it as JSON, or None when in any doubt.

    One msgspec pass: each busy list straight into two-field structs (unknown keys refused, both
    values JSON strings: "30" and 30 are not confused), without a dict per block; every other value
    stays raw JSON for the model. Anything it refuses goes to the model whole.
    """
    try:
        data = decode(body)
    except (msgspec.DecodeError, RecursionError):  # DecodeError covers ValidationError
        return None
    people = data.participants
    if people is msgspec.UNSET:
        return None
    busy: list[BusyTexts | None] = []
    for person in people:
        blocks = person.busy
        if blocks is msgspec.UNSET or blocks is None:
            busy.append(None)
        else:
            busy.append((list(map(_START_TEXTS, blocks)), list(map(_END_TEXTS, blocks))))
        person.busy = msgspec.UNSET
    return _ENCODE(data), busy


def fast_decoder(model: type[BaseModel]):
    """The fast path's decoder for another body with ``participants`` (API.md §2b): busy lists apart."""
    return msgspec.json.Decoder(_raw_struct(f"_{model.__name__}", model, {"participants": list[_Person]})).decode


def split_busy(body: str | bytes, decode) -> tuple[bytes, list[BusyTexts | None]] | None:
    """``decode`` (a ``fast_decoder``) over ``body``: the rest of it as JSON and the busy texts apart,
    or None when in any doubt (the body then goes to the model whole)."""
    return _fast(body, decode)


def parse(body: str | bytes) -> Parsed:
    """Validate a POST /v1/availability body against AvailabilityRequest (strict JSON mode).

    Fast path: most of a large body is busy blocks, and pydantic would build and check 24 000 dicts
    one by one. So the busy lists are decoded apart by msgspec into two-field structs (_fast), and
    the small remainder goes through the model as JSON. Any doubt (a body msgspec refuses, a
    remainder the model refuses) takes the slow path: the whole raw body through the model, which
    decides and words the errors. Instants are checked in to_query on both paths alike.
    """
    fast = _fast(body)
    if fast is not None:
        skeleton, busy = fast
        try:
            return Parsed(AvailabilityRequest.model_validate_json(skeleton, strict=True), busy)
        except ValidationError:
            pass  # the errors are worded from the body itself, in its order
    return parse_whole(body)
