# Thin wrappers around dev.py (which needs only Python 3.11+). `make help` lists them.
PYTHON ?= python3

.PHONY: help lab test pack bench lint docs audit setup

help: ## List the targets with what they do
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: ## Create .venv and install nq03lib with its test tools
	$(PYTHON) dev.py setup

lab: ## Set up and start JupyterLab on http://127.0.0.1:8888 (token login)
	$(PYTHON) dev.py lab

test: ## Set up and run every test, notebooks included (what CI runs)
	$(PYTHON) dev.py test

pack: ## Export the meeting pack (charts, slides, booklet, Excel) to pack/
	$(PYTHON) dev.py pack

bench: ## Measure the test suite and the pack against their floors
	$(PYTHON) dev.py bench

docs: ## Regenerate data/README.md and data/datapackage.json from nq03lib.metadata
	$(PYTHON) dev.py setup && .venv/bin/python -m nq03lib docs

audit: ## Print the audit of the report's arithmetic
	$(PYTHON) dev.py setup && .venv/bin/python -m nq03lib audit

lint: ## Check style with ruff
	$(PYTHON) dev.py setup && .venv/bin/ruff check nq03lib tests notebooks benchmarks dev.py
