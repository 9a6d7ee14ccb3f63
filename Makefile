# Two commands for a fresh machine with only Python 3.10+ and make:
#   make demo   tag the bundled sample corpus and show what sundtext found
#   make test   ruff, mypy and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-dev

.PHONY: demo test lint typecheck unit install clean-venv evaluate bench bench-quick bench-tag

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "sundtext needs Python >= 3.10, found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	@echo "== sundtext tag: the bundled sample corpus (160 articles) -> out/sample_tagged.csv"
	$(BIN)/sundtext tag data/sample_corpus.jsonl -o out/sample_tagged.csv --title-column title \
		--prefix sundtext_ --evidence out/sample_evidence.csv --quiet
	@echo
	@echo "== agreement with the corpus's gold themes (sundtext evaluate)"
	@$(BIN)/sundtext evaluate data/sample_corpus.jsonl --errors 0 | tail -n 1
	@echo
	$(BIN)/sundtext demo

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

typecheck: $(STAMP)
	$(BIN)/mypy src

unit: $(STAMP)
	$(BIN)/python -m pytest -q

test: lint typecheck unit

evaluate: $(STAMP)
	$(BIN)/sundtext evaluate ../shared/corpus/dev.jsonl

bench: $(STAMP)
	$(BIN)/python bench/bench.py

bench-quick: $(STAMP)
	$(BIN)/python bench/bench.py --quick

bench-tag: $(STAMP)
	$(BIN)/python bench/bench_tag.py

clean-venv:
	rm -rf $(VENV)
