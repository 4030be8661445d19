# Two commands on a fresh Debian machine:  make cv   and   make test
# Both install only what is missing, so they are fast the second time.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: cv apply test tex xetex images lint format clean

# `make cv` installs XeLaTeX (about 70 MB more) only when a variant of profile.yaml needs it.
cv: $(VENV)/.installed
	@tools/install-tex $$($(BIN)/cvbuilder engines profile.yaml --needed 2>/dev/null)
	$(BIN)/cvbuilder build profile.yaml --out build

# The example application (jobs/example.yaml, a fictional posting): build/jobs/example/.
apply: $(VENV)/.installed
	@tools/install-tex $$($(BIN)/cvbuilder engines profile.yaml --needed 2>/dev/null)
	$(BIN)/cvbuilder apply jobs/example.yaml --profile profile.yaml --out build/jobs

test: $(VENV)/.installed-test
	@tools/install-tex xelatex chromium
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n auto

# TeX Live from Debian's packages, only what is missing, in one apt-get call.
tex:
	@tools/install-tex

xetex:
	@tools/install-tex xelatex

$(VENV)/bin/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	$(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed; on Debian: apt-get install python3-venv"; exit 1; }
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(VENV)/bin/python pyproject.toml
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/bin/python pyproject.toml
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

# The README's pictures: page 1 of every layout (the fictional docs/example.yaml) and of the
# repository's CV and résumé; generated, never hand-made.
images: $(VENV)/.installed
	@tools/install-tex
	$(BIN)/python tools/showcase.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf build dist .pytest_cache .ruff_cache
