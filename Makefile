# The two commands: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
WORKERS ?= 2
# gevent: idle or slow clients cost a greenlet, not a worker (see claimtracker/serving.py)
WORKER_CLASS ?= claimtracker.serving.Worker

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
	$(BIN)/python -m claimtracker.supervisor \
		"$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) \
		 --worker-class $(WORKER_CLASS) --access-logfile - claimtracker:create_app()" \
		"$(BIN)/claimtracker worker"

test: $(VENV)/.installed-test
	$(BIN)/ruff check claimtracker tests bench
	$(BIN)/ruff format --check claimtracker tests bench
	@if [ -x /usr/bin/chromium ]; then echo "Browser tests: using /usr/bin/chromium"; \
	else echo "Browser tests: SKIPPED - /usr/bin/chromium is not installed (apt-get install -y chromium)"; fi
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench
	$(BIN)/python -m bench.jobs

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
