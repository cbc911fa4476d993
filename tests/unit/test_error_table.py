"""The one error table: every exception of whofree.errors has its status and title (API.md §1), and
the exceptions themselves know no HTTP."""

from __future__ import annotations

import inspect

import pytest

from whofree import errors
from whofree.data.table import StoreUnavailable
from whofree.http import errors as table

CONTRACT = {
    "InvalidArgument": (400, "Invalid Argument"),
    "Unauthenticated": (401, "Unauthenticated"),
    "NotFound": (404, "Resource Not Found"),
    "MethodNotAllowed": (405, "Method Not Allowed"),
    "Conflict": (409, "Conflict"),
    "PayloadTooLarge": (413, "Payload Too Large"),
    "ExternalCalendarError": (424, "External Calendar Error"),
    "ServiceUnavailable": (503, "Service Unavailable"),
    "ApiError": (500, "Internal Server Error"),
}


def exception_classes():
    return [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.ApiError)]


def test_every_exception_is_in_the_table_with_the_contracts_status_and_title():
    found = {cls.__name__: (entry.code, entry.title) for cls, entry in table.TABLE.items()}
    assert found == CONTRACT
    assert set(exception_classes()) <= set(table.TABLE)


@pytest.mark.parametrize("cls", exception_classes())
def test_no_exception_carries_a_status_or_a_title(cls):
    assert not hasattr(cls, "status")
    assert not hasattr(cls, "title")


def test_a_subclass_answers_as_its_nearest_class_and_its_retry_hint_becomes_retry_after():
    error = StoreUnavailable("DynamoDB query throttled", retry_after=1)
    assert table.status(error).code == 503
    assert table.headers(error) == {"Retry-After": "1"}
    assert table.body(error) == {
        "title": "Service Unavailable",
        "message": StoreUnavailable.default_message,  # never the store's detail
        "details": [],
    }


def test_a_retry_hint_on_a_refusal_that_cannot_be_retried_sends_no_header():
    assert table.headers(errors.InvalidArgument("no", retry_after=3)) == {}


def test_an_error_body_names_every_parameter_at_fault():
    error = errors.InvalidArgument(details=[errors.Detail("count", "Too big."), errors.Detail("hosts", "Empty.")])
    assert table.body(error) == {
        "title": "Invalid Argument",
        "message": "The supplied parameters are invalid.",
        "details": [{"parameter": "count", "message": "Too big."}, {"parameter": "hosts", "message": "Empty."}],
    }
