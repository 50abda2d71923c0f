"""Statistics: the incremental refresh (Celery writer), scoped reads, hot spots and charts."""
