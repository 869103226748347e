# The README's two commands are `make run` and `make test`; .ci/run calls `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
EXAMPLE := src/jixiao/data/examples/wuhu-2024-targets.txt

.PHONY: run test lint bench bench-reading bench-formats bench-mutations fuzz serve setup system-deps clean docs

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	bash scripts/system-deps.sh

## run: install, read and review the bundled example (six Wuhu tables), load it into
## ./jixiao.sqlite and serve the web application on http://127.0.0.1:8000 (the first
## start creates the administrator and prints its password once).
run: setup
	$(VENV)/bin/jixiao parse $(EXAMPLE)
	mkdir -p out && $(VENV)/bin/jixiao check $(EXAMPLE) --html out/check-report.html
	$(VENV)/bin/jixiao serve --load-example

## test: install everything, lint, then the whole test suite (fails if no test ran).
test: setup system-deps lint
	$(VENV)/bin/pytest -q -p no:cacheprovider -n auto; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest 没有运行任何测试" >&2; exit 1; fi; exit $$rc

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

bench: setup system-deps
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

## bench-reading: only the reading measure on tests/corpus (recall, precision, header per family).
bench-reading: setup
	$(PY) bench/bench_reading.py

## bench-formats: the corpus tables in xlsx, docx, HTML, CSV and (LibreOffice) xls, ods,
## PDF, with mutated copies, read back and scored per format (tests/corpus/formats.py).
bench-formats: setup
	PYTHONPATH=src $(PY) tests/corpus/formats.py

## bench-mutations: the corpus texts mutated within their family (other numbers, names,
## width, script, labels, row order) read back and scored next to the originals.
bench-mutations: setup
	PYTHONPATH=src $(PY) tests/corpus/mutate_text.py

## fuzz: mutate the corpus and the example in every format and read each input
## (FUZZ_SECONDS, default 300; FUZZ_SEED, default the clock); inputs that raise, hang
## or are slow are kept in tests/fuzz/regressions/. A 40 s fixed-seed run is in `make test`.
FUZZ_SECONDS ?= 300
FUZZ_SEED ?= $(shell date +%s)
fuzz: setup
	$(PY) tests/fuzz/fuzz_harness.py --seconds $(FUZZ_SECONDS) --seed $(FUZZ_SEED) --save tests/fuzz/regressions

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
