# Two commands on a fresh Debian machine:  make cv   and   make test
# Both install only what is missing, so they are fast the second time.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TEX_DEBS := texlive-latex-base texlive-latex-recommended texlive-latex-extra \
            texlive-fonts-recommended latexmk poppler-utils
TEX_FILES := charter.sty enumitem.sty hyperref.sty xcolor.sty url.sty glyphtounicode.tex

.PHONY: cv test tex images lint format clean

cv: tex $(VENV)/.installed
	$(BIN)/cvbuilder build profile.yaml --out build

test: tex $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -n auto

# TeX Live from Debian's packages, in one apt-get call (each call rebuilds all formats).
tex:
	@if command -v latexmk >/dev/null && command -v pdflatex >/dev/null \
	    && command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null \
	    && kpsewhich $(TEX_FILES) >/dev/null 2>&1 \
	    && [ "$$(kpsewhich $(TEX_FILES) | wc -l)" -eq "$(words $(TEX_FILES))" ]; then exit 0; fi; \
	cmd="apt-get install -y --no-install-recommends $(TEX_DEBS)"; \
	if ! command -v apt-get >/dev/null; then \
	    echo "TeX Live is missing and this is not a Debian/Ubuntu system; install the equivalent of: $(TEX_DEBS)"; exit 1; fi; \
	if [ "$$(id -u)" -eq 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null; then sudo="sudo"; \
	else echo "TeX Live is missing; run as root: apt-get update && $$cmd"; exit 1; fi; \
	echo "Installing TeX Live: $$sudo $$cmd"; \
	$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo $$cmd

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

# The README's pictures: page 1 of each document, generated, never hand-made.
images: cv
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile build/cv.pdf docs/cv
	pdftoppm -png -r 60 -f 1 -l 1 -singlefile build/resume.pdf docs/resume

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf build dist .pytest_cache .ruff_cache
