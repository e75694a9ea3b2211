# jurycourt: `make run` serves the demo, `make test` runs the whole default suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
HTMX := static/vendor/htmx.min.js
LOCALES := jurycourt/i18n/locale
# Folders `make messages` does not read (Babel's default also skips every folder starting with `_`,
# which would leave templates/_macros out of the catalogue). tests/test_translations.py reads this line.
MESSAGES_IGNORE_DIRS := .* __pycache__ node_modules
CATALOGUES := $(wildcard $(LOCALES)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)
PYTEST_ARGS ?=
# Tests run on every core (pytest-xdist), each worker with its own template databases.
TEST_WORKERS ?= auto

.PHONY: run test bench setup lint clean messages

run: setup
	$(BIN)/jurycourt migrate
	$(BIN)/jurycourt seed-demo --if-empty
	$(BIN)/jurycourt serve

test: setup
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

bench: setup
	$(BIN)/python -m tests.bench.run
	$(BIN)/python -m tests.bench.run --postgres

# Style, the layers' contracts (import-linter, [tool.importlinter] in pyproject.toml) and a strict
# type check of the pure rules in jurycourt/domain ([tool.mypy]).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

setup: $(INSTALLED) $(HTMX) $(COMPILED)

# Compiled catalogues are built from the .po files, never edited (git ignores them).
$(LOCALES)/%/LC_MESSAGES/messages.mo: $(LOCALES)/%/LC_MESSAGES/messages.po $(INSTALLED)
	$(BIN)/pybabel -q compile -i $< -o $@ -l $*

# After marking new text: extract every marked string into the template catalogue and merge it
# into each language's catalogue (new entries then need translating; `make test` says which).
messages: $(INSTALLED)
	$(BIN)/pybabel -q extract -F $(LOCALES)/../babel.cfg -k _l -k lazy_gettext --sort-by-file \
		--ignore-dirs '$(MESSAGES_IGNORE_DIRS)' \
		--project jurycourt --copyright-holder "jurycourt contributors" -o $(LOCALES)/messages.pot .
	$(BIN)/pybabel -q update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages --previous --ignore-obsolete

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
