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

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
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

$(VENV)/.installed-bench: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(VENV)/.installed $(VENV)/.installed-test $@

# SIZES=1000,100000 for a quicker run (1M takes long); PG_SIZES= (empty) skips PostgreSQL.
SIZES ?= 1000,100000,1000000
PG_SIZES ?= 100000
bench: $(VENV)/.installed-bench
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk) \
		|| (echo "wrk is needed: apt-get install wrk" && exit 1)
	BENCH_SIZES=$(SIZES) BENCH_PG_SIZES=$(PG_SIZES) $(BIN)/python -m bench
	$(BIN)/python -m bench.jobs

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache .mypy_cache
