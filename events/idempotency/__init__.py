"""Idempotency-Key: a retried request answers what the first one did, and files nothing twice.

Shared by the surfaces (api, open311, citizen, and any room with a POST that must not run
twice), which may not import one another: hence a room of its own, below them. Apply
`events.idempotency.decorators.idempotent` to a view; the model is
events.models.IdempotencyRecord. docs/api.md describes the header for clients.
"""
