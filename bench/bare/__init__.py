"""A bare DRF create endpoint: the floor the case-intake benchmark compares POST /api/v1/cases/
with. Benchmark-only (bench/intake.py starts a second gunicorn with bench.bare.settings); the
product never installs it."""
