# Thin wrappers around dev.py (which needs only Python 3.11+, and also runs on Windows
# as `py dev.py <job>`). `make help` lists them.
PYTHON ?= python3

.PHONY: help setup lab test pack site execute lint format docs validate audit bench lock lowest

help: ## List the targets with what they do
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

setup: ## Create .venv and install the locked environment (uv.lock) with the test tools
	$(PYTHON) dev.py setup

lab: ## Set up and start JupyterLab on http://127.0.0.1:8888 (token login)
	$(PYTHON) dev.py lab

test: ## Set up and run every test, notebooks and their chart images included (what CI runs)
	$(PYTHON) dev.py test

pack: ## Export the meeting pack (charts, slides, booklet, Excel) to pack/
	$(PYTHON) dev.py pack

site: ## Build the offline site (annotated report, notebooks, data) into site/
	$(PYTHON) dev.py site

execute: ## Re-run every notebook and store its outputs (after an intended change)
	$(PYTHON) dev.py execute

lint: ## Check style with ruff: lint and format, as the tests do
	$(PYTHON) dev.py lint

format: ## Fix what ruff can fix and format the code and notebooks
	$(PYTHON) dev.py format

docs: ## Regenerate data/README.md and data/datapackage.json from the metadata
	$(PYTHON) dev.py docs

validate: ## Check everything in data/ against the report (exit 1 on a problem)
	$(PYTHON) dev.py validate

audit: ## Print the audit of the report's arithmetic
	$(PYTHON) dev.py audit

bench: ## Measure setup, the test command and the pack against their floors
	$(PYTHON) dev.py bench

lock: ## After editing pyproject.toml: update uv.lock, requirements-lock.txt, environment.yml
	$(PYTHON) dev.py lock

lowest: ## Run the tests at the lowest versions pyproject.toml allows (scratch .venv-lowest)
	$(PYTHON) dev.py lowest
