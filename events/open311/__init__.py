"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) at /open311/v2/.

A Django app of its own (label ``open311``) so that its tables, migrations and admin live here
and never touch the events app's migrations.
"""
