# Two commands on a fresh machine:  `make demo` (the seed article) and `make test`.
# Each creates .venv and installs what it needs on first use.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# torch: 2.13.0 is the CPU build that lies on this project's machines. On a laptop without a GPU,
# `make demo TORCH_INDEX=https://download.pytorch.org/whl/cpu` avoids PyPI's multi-GB CUDA build.
TORCH ?= torch==2.13.0
TORCH_INDEX ?=
export HF_HUB_OFFLINE ?= 1

.PHONY: install demo test bench clean

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "$(TORCH)" $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(VENV)/bin/nli check seeds/

test: $(STAMP)
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) .pytest_cache
