"""The staff API (DRF): cases and their actions, taxonomy, statistics, CSV export, OpenAPI."""
