"""Staff pages: dispatcher queue, department inbox, grid worker pages, case page, command map."""
