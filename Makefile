# Two commands do all set-up on a fresh clone:
#   make demo   creates .venv, installs emrgen, validates, renders (into out/), lints and explains examples/iam-studio.yaml
#   make test   installs what the tests need (venv, npm ci for mermaid, Debian chromium) and runs them all
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
STAMP  := $(VENV)/.installed
# checkov gets its own venv: it pins its own HCL parser, which installs a module named `hcl2` that would replace
# python-hcl2 (the parser emrgen uses) in the project venv.
CHECKOV_VENV  := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
EXAMPLES := $(wildcard examples/*.yaml)
# The pinned mermaid library (package-lock.json) and Debian's Chromium render REVIEW.md's diagrams in a test.
MERMAID_DIR   := tools/mermaid
MERMAID_STAMP := $(MERMAID_DIR)/node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

export TF_CLI_CONFIG_FILE := /dev/null

.PHONY: demo test venv checkov golden lint-examples bench clean chromium

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

$(MERMAID_STAMP): $(MERMAID_DIR)/package.json $(MERMAID_DIR)/package-lock.json
	cd $(MERMAID_DIR) && npm ci --no-audit --no-fund --ignore-scripts
	touch $@

# Installed only when missing (CI runs as root; elsewhere through sudo).
chromium:
	@command -v chromium >/dev/null 2>&1 || { $(SUDO) apt-get update && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }

$(CHECKOV_STAMP): requirements-checkov.txt constraints-checkov.txt
	test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c constraints-checkov.txt -r requirements-checkov.txt
	touch $(CHECKOV_STAMP)

checkov: $(CHECKOV_STAMP)

demo: $(STAMP)
	$(BIN)/emrgen validate examples/iam-studio.yaml
	$(BIN)/emrgen render examples/iam-studio.yaml
	$(BIN)/emrgen explain examples/iam-studio.yaml

test: $(STAMP) $(MERMAID_STAMP) chromium $(CHECKOV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q -n 2

# Regenerate the committed output of every example on purpose (the golden tests compare with it).
golden: $(STAMP)
	for spec in $(EXAMPLES); do $(BIN)/emrgen render $$spec || exit $$?; done

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) $(CHECKOV_VENV) .pytest_cache .hypothesis build dist *.egg-info $(MERMAID_DIR)/node_modules
