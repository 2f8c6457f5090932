# The course's commands. `make book` and `make test` do all setup on a fresh machine.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NOTEBOOKS_DIR := _build/notebooks
STUDENT_DIR := _build/student
PDF_NAME := rnn-sequential-data.pdf
LATEST_VENV ?= _build/latestenv
CHAPTERS := $(sort $(wildcard book/ch*.md))

# Quiet, reproducible runs: no TensorFlow C++ log noise, no progress bars in
# built pages, and a fixed hash seed.
export TF_CPP_MIN_LOG_LEVEL ?= 3
export TF_ENABLE_ONEDNN_OPTS ?= 0
export KERAS_BACKEND ?= tensorflow
export RNNBOOK_PROGRESS ?= 0
export PYTHONHASHSEED ?= 0
export PYDEVD_DISABLE_FILE_VALIDATION ?= 1

.PHONY: help install book catalogs test unit notebooks student pdf test-latest bench lock clean format

help:
	@echo "make book     install (first time) and build the HTML book, every chapter executed, and its Korean edition"
	@echo "make catalogs the Korean edition's catalogs updated from the English text (after make book)"
	@echo "make test     install (first time) and run every test: package, notebooks, built book"
	@echo "make unit     only the companion package's tests (fast)"
	@echo "make notebooks  write every chapter as a Jupyter notebook into $(NOTEBOOKS_DIR)"
	@echo "make student  the student version, without solutions: _build/student/html and _build/student/notebooks"
	@echo "make pdf      the whole book as one PDF, from the built book (nothing re-executed): _build/html/$(PDF_NAME)"
	@echo "make test-latest  every page executed with the newest release of each requirement, against the build (slow)"
	@echo "make clean    remove build outputs (keeps the virtual environment)"
	@echo "make format   format the code cells of every chapter (ruff, 74 columns)"
	@echo "make bench    course training configurations against the reference recipe (minutes)"

# Installing is redone only when a requirements file or the package metadata changes.
$(STAMP): requirements.txt constraints.txt companion/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps -e companion
	touch $@

install: $(STAMP)

# Chapters are jupytext markdown; nbval and readers' Jupyter need .ipynb files.
notebooks: $(STAMP)
	rm -rf $(NOTEBOOKS_DIR) && mkdir -p $(NOTEBOOKS_DIR)
	for md in $(CHAPTERS); do \
	  $(BIN)/jupytext --quiet --to ipynb --output "$(NOTEBOOKS_DIR)/$$(basename "$${md%.md}").ipynb" "$$md"; \
	done

# -W turns every Sphinx warning (a failed cell included) into an error;
# --keep-going reports all of them before failing.
book: $(STAMP)
	$(BIN)/jupyter-book build . --all -W -n --keep-going
	$(BIN)/python book/_ext/korean_edition.py --build _build
	@echo "Open _build/html/index.html (the Korean edition: _build/html/ko/index.html)"

# The Korean edition's catalogs brought up to the English text of the last `make book`
# (book/_ext/catalogs.py): new messages come in empty, changed ones fuzzy.
catalogs: $(STAMP)
	$(BIN)/python book/_ext/catalogs.py update --build _build

# The student version: the book and one notebook per chapter with the solutions removed
# (the checks stay), built from a copy of the book (book/_ext/student.py). Every page is
# executed, unless STUDENT_FLAGS has `--reuse-outputs _build` (as `make test` does).
student: $(STAMP)
	$(BIN)/python book/_ext/student.py --out $(STUDENT_DIR) $(STUDENT_FLAGS)

# The whole book as one PDF (book/_ext/book_pdf.py): a single-page build that takes every
# cell's outputs from the book's build (run `make book` first; nothing is executed again),
# printed by Chromium, with a table of contents and page numbers. tests/browser_setup.py finds
# Chromium or Chrome, or installs Debian's (with poppler-utils) when run as root on Debian or
# Ubuntu; with none, `make pdf` fails and `make test` (PDF_OPTIONAL=1) skips it.
pdf: $(STAMP)
	@browser="$$($(BIN)/python tests/browser_setup.py --install)"; \
	if [ -z "$$browser" ] || ! command -v pdftotext >/dev/null; then \
	  if [ "$(PDF_OPTIONAL)" = 1 ]; then echo "make pdf: skipped (no browser or no poppler-utils)"; exit 0; fi; \
	  echo "make pdf: needs Chromium or Chrome and poppler-utils (apt-get install -y chromium poppler-utils)" >&2; \
	  exit 1; \
	fi; \
	RNNBOOK_CHROMIUM="$$browser" $(BIN)/python book/_ext/book_pdf.py --build _build

# Every page executed with the newest release of every requirement (requirements-latest.txt,
# in $(LATEST_VENV)), set against the last `make book`: errors, warnings and the glued numbers
# that moved. Slow (a second environment, every page executed once); not part of `make test`.
test-latest: $(STAMP)
	$(BIN)/python tests/latest_versions.py --venv $(LATEST_VENV) --python $(PYTHON) --build _build

unit: $(STAMP)
	$(BIN)/python -m pytest tests/companion

# One command: build the book and its student version, then two pytest runs side by
# side (tests/run_all.sh): nbval over every student notebook, and the package tests with
# the checks of the built HTML (the student version's included). Each chapter is
# executed once per thing it shows:
# - the book build: the chapter, solutions included, runs and its claims hold;
# - nbval, on the student notebooks that the student version offers for download
#   (copied to $(STUDENT_DIR)/notebooks): they run without their solutions;
# - tests/book/test_determinism.py: chapters 1 and 6, twice each, print the same.
# The student build executes nothing: its pages take their cells' outputs from the
# book's cache (page_execution.py). The book's own downloads are not run again: their
# code is the code the book build ran (tests/book/test_downloads.py checks it).
# As root, both pytest runs are in a private network namespace with only loopback, so a
# chapter that reaches the network fails (tests/book/test_offline.py checks it).
# The PDF is made from the book's build (make pdf); the browser checks and the PDF's use the
# browser that tests/browser_setup.py finds (installed by make pdf where it may): with none,
# they are skipped and the run's last line says so.
test: STUDENT_FLAGS := --reuse-outputs _build
test: PDF_OPTIONAL := 1
test: book student pdf
	browser="$$($(BIN)/python tests/browser_setup.py 2>/dev/null)"; \
	if [ -n "$$browser" ]; then export RNNBOOK_CHROMIUM="$$browser"; fi; \
	set -- tests/run_all.sh $(BIN)/python $(STUDENT_DIR)/notebooks $(STUDENT_DIR)/nbval.log; \
	status=0; \
	if [ "$$(id -u)" = 0 ] && command -v ip >/dev/null && unshare --net true 2>/dev/null; then \
	  echo "Running the tests offline: no network but loopback (unshare --net)"; \
	  RNNBOOK_OFFLINE=1 unshare --net -- sh -c 'ip link set lo up && exec "$$@"' offline "$$@" || status=$$?; \
	else "$$@" || status=$$?; fi; \
	if [ -z "$$browser" ]; then \
	  echo "make test: no Chromium or Chrome found (and none installed): the browser checks and the PDF were skipped"; \
	fi; \
	exit $$status

# Each model trained with the reference recipe and with the course's configuration, side by
# side in one process: accuracy and fit-time ratio. Slow (minutes); not part of `make test`.
bench: $(STAMP)
	$(BIN)/python -m rnnbook.bench

# The code cells of the chapters, the results page and the instructor guide, formatted by
# ruff at the width of the narrowest code box at 1280 px (74 characters of the code font).
# tests/book/test_format.py does it (and, under pytest, checks it): only the cells' code
# changes, and a trailing semicolon that hides a cell's value stays.
format: $(STAMP)
	$(BIN)/python tests/book/test_format.py

# Refresh the lock file from a fresh environment built from requirements.txt.
lock:
	rm -rf _build/lockenv
	$(PYTHON) -m venv _build/lockenv
	_build/lockenv/bin/python -m pip install --quiet -r requirements.txt
	{ echo "# Exact versions of every package installed by requirements.txt (a lock file)."; \
	  echo "# Regenerate with \`make lock\` after changing requirements.txt."; \
	  _build/lockenv/bin/python -m pip freeze --exclude-editable | sed -e 's/+cpu$$//'; } > constraints.txt
	rm -rf _build/lockenv

clean:
	rm -rf _build .pytest_cache .hypothesis
