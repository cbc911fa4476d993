"""The security tests share the integration tests' DynamoDB Local fixtures (a fresh table per test)."""

from tests.integration.conftest import dynamodb_endpoint, table

__all__ = ["dynamodb_endpoint", "table"]
