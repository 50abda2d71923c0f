"""The bottom library (imports no app): environment parsing, the encrypted field, client
addresses, phone-number normalisation, the dry-run command base, storage, log masking, security
headers, the caches (common.cache), safe spreadsheet cells, the reference cache, and the API's
JSON error answers with their OpenAPI shapes."""
