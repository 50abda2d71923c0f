"""Who owns what: departments, staff and roles, grid assignments, duty lists (matters), city
components and their owners, and routing."""
