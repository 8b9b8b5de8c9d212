# Two commands do all set-up on a fresh clone:
#   make demo   creates .venv, installs emrgen, renders examples/iam-studio.yaml into out/ and lints it
#   make test   installs what the tests need and runs them all
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
STAMP  := $(VENV)/.installed
EXAMPLES := $(wildcard examples/*.yaml)

export TF_CLI_CONFIG_FILE := /dev/null

.PHONY: demo test venv golden lint-examples bench clean

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/emrgen validate examples/iam-studio.yaml
	$(BIN)/emrgen render examples/iam-studio.yaml
	$(BIN)/emrgen explain examples/iam-studio.yaml

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Regenerate the committed output of every example on purpose (the golden tests compare with it).
golden: $(STAMP)
	for spec in $(EXAMPLES); do $(BIN)/emrgen render $$spec || exit $$?; done

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist *.egg-info
