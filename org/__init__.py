"""Who owns what: departments, staff and roles, grid assignments, duty rules and routing."""
