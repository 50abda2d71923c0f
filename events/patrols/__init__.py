"""Patrols (巡查): a grid worker starts and ends a patrol, the phone's positions are kept while
it lasts, and the patrol log shows the track, the time spent per grid and what was filed on
the way. Also the worker KPIs built on them (weekly coverage, 自处置率, checks on time) and
the weekly summary per community and street (docs/patrols.md).

A Django app of its own (label ``patrols``) so that its tables and migrations live here. Its
pages are in ``events/staff/patrols.py`` and its API in ``events/api/patrols.py``.
"""
