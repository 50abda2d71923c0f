"""Privacy and audit: who saw a reporter's contact, and the integrity check of the case log."""
