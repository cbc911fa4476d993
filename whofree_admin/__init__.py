"""``whofree-admin``: the operator's console for accounts and their API keys (docs/OPERATIONS.md).

An operator tool, installed with the project (``make setup``) and never part of the Lambda layer.
"""
