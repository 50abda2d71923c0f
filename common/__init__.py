"""The bottom library (imports no app): environment parsing, the encrypted field, client
addresses, the dry-run command base, storage, log masking, security headers, reference cache,
the API's JSON error answers."""
