"""What happens to a case, in rooms: intake, workflow, sla, notify, stats, citizen, staff, api,
open311, privacy."""
