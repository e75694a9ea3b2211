# jurycourt: `make run` serves the demo, `make test` runs the whole default suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HTMX := static/vendor/htmx.min.js
PYTEST_ARGS ?=
# Tests run on every core (pytest-xdist), each worker with its own template databases.
TEST_WORKERS ?= auto

.PHONY: run test bench setup lint clean

run: setup
	$(BIN)/jurycourt migrate
	$(BIN)/jurycourt seed-demo --if-empty
	$(BIN)/jurycourt serve

test: setup
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m tests.bench.run
	$(BIN)/python -m tests.bench.run --postgres

lint: setup
	$(BIN)/ruff check .

setup: $(INSTALLED) $(HTMX)

$(INSTALLED): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# htmx comes from the npm registry at the exact version in package-lock.json; git ignores the copy.
$(HTMX): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p static/vendor
	cp node_modules/htmx.org/dist/htmx.min.js $(HTMX)

clean:
	rm -rf $(VENV) node_modules static/vendor
