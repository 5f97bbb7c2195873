# gaitlab: every target that needs the environment depends on the .venv stamp,
# so `make demo` and `make test` work on a fresh machine with nothing else typed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup demo test lint format bench notebooks check clean samples fuzz

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/python -m gaitlab demo data/samples

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check gaitlab tests benchmarks
	$(BIN)/ruff format --check gaitlab tests benchmarks
	$(BIN)/mypy gaitlab

format: $(STAMP)
	$(BIN)/ruff format gaitlab tests benchmarks
	$(BIN)/ruff check --fix gaitlab tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m benchmarks

samples: $(STAMP)
	$(BIN)/python -m gaitlab.samples data/samples

# Corrupted and truncated C3D copies with random seeds (make test runs a fixed set).
FUZZ_EXAMPLES ?= 2000
fuzz: $(STAMP)
	GAITLAB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider \
		tests/unit/test_c3d_robustness.py

notebooks: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[dev,notebooks]"
	$(BIN)/python notebooks/run_notebooks.py notebooks

check: lint test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
