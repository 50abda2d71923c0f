"""Where: the region tree, grid generations, the in-memory spatial index, grid import and export."""
