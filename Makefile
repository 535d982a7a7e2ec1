# Two commands on a fresh machine with Python 3.11+ and make: `make demo`, `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
INBOX  := data/inbox
DB     := data/warehouse.duckdb

export PREFECT_SERVER_ANALYTICS_ENABLED := false
export PREFECT_LOGGING_LEVEL := WARNING

.PHONY: demo test bench wheelhouse clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,dask]'
	rm -f $(VENV)/.installed-*
	touch $@

# Exit status 1 from `juesuan load` means "some files were rejected or flagged": the demo inbox
# holds such files on purpose, so only 2 (a failure of the system) fails the target.
demo: $(STAMP)
	rm -rf $(INBOX)
	$(BIN)/juesuan demo --out $(INBOX)
	$(BIN)/juesuan load $(INBOX) --db $(DB); status=$$?; [ $$status -le 1 ]

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_views.py

# Every dependency as a wheel, for machines with no package registry (government networks):
#   pip install --no-index --find-links wheelhouse 'juesuan[dask]'
wheelhouse: $(STAMP)
	rm -rf wheelhouse
	$(BIN)/python -m pip wheel --quiet --wheel-dir wheelhouse '.[dask]'

clean:
	rm -rf $(VENV) $(INBOX) data/*.duckdb data/.*.duckdb data/*.lock
