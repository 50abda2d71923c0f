# Two commands do all the set-up: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEMO_CASES ?= 2000
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: install run test bench bench-scale lint migrate seed clean messages

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q -U pip
	$(VENV)/bin/pip install -q -e '.[dev]'
	touch $@

# axe-core for the accessibility browser test (tests/browser/test_accessibility.py), from the
# npm registry into var/npm (not committed); skipped where there is no npm.
AXE := var/npm/node_modules/axe-core/axe.min.js
$(AXE):
	@if command -v npm >/dev/null; then \
	  npm install --no-audit --no-fund --silent --prefix var/npm axe-core@4; \
	else echo "npm not found: the accessibility test will not run"; fi

install: $(VENV)/.installed $(AXE)

migrate: install
	$(PY) manage.py migrate --noinput -v0

seed: migrate
	$(PY) manage.py seed_demo --if-empty --cases $(DEMO_CASES) --commit

run: seed
	$(PY) manage.py collectstatic --noinput -v0
	@DEMO_SIMULATOR=$${DEMO_SIMULATOR:-1} $(PY) manage.py welcome
	@# The demo simulator keeps the demo district alive while it runs (docs/demo.md).
	DEMO_SIMULATOR=$${DEMO_SIMULATOR:-1} $(VENV)/bin/honcho start -f Procfile

test: install
	$(VENV)/bin/ruff check .
	@# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
	$(VENV)/bin/pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

bench: install
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" $(PY) bench/report.py --run

# Ten years of a large city (1,000,000 then 10,000,000 cases; at most 90 minutes, not in CI):
# its figures join bench/RESULTS.md beside the suite's (docs/performance.md#scale).
bench-scale: install
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" timeout 5400 $(PY) bench/scale.py
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" timeout 1800 $(PY) bench/dashboard.py --province
	DATABASE_URL="$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}" timeout 900 $(PY) bench/addresses.py
	$(PY) bench/report.py

# Both catalogues from the code: makemessages keeps every translation already written (and
# moves vanished messages to the end as obsolete #~ entries, never dropping them); English
# msgids become their own English text; `common.messages check` lists what still needs a
# translator (tests/test_translations.py fails on the same).
MAKEMESSAGES_IGNORE := --ignore=tests --ignore=bench --ignore=var --ignore=docs \
	--ignore=test-artifacts --ignore=node_modules --ignore=build
messages: install
	$(PY) manage.py makemessages -l zh_Hans -l en $(MAKEMESSAGES_IGNORE) -v0
	$(PY) -m common.messages fill
	$(PY) manage.py compilemessages -l zh_Hans -l en $(MAKEMESSAGES_IGNORE) -v0
	-$(PY) -m common.messages check

lint: install
	$(VENV)/bin/ruff check .

clean:
	rm -rf var/ .pytest_cache
