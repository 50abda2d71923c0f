"""Where exactly: the standard address register of 四标四实 (standard addresses, buildings, houses
and units), address search and geocoding. Sits between org and grids: an address lies in a
grid; nothing here knows departments or cases."""
