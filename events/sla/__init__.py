"""SLA: the working calendar, the case clock, recalculated deadlines and the escalation sweep."""
