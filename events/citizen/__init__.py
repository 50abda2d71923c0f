"""Citizen pages: the report form, duplicates and "me too", the private tracking page and rating."""
