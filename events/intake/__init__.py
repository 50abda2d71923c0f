"""Intake: placing, checking and storing a report; photos, limits, duplicates, "me too", import."""
