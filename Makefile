# Two commands on a fresh Debian machine with Python 3.11+:
#   make demo   set up, build the Hà Nội demo data and serve the web app on 127.0.0.1:8000
#   make test   set up and run the whole test suite (SQLite and PostgreSQL)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: demo test setup bench clean

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "motcua cần Python 3.11 trở lên")'
	@$(PYTHON) -m venv $(VENV) || { echo "Cần gói python3-venv: sudo apt-get install -y python3-venv"; exit 1; }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/motcua demo

test: $(STAMP)
	$(BIN)/python -m motcua.testing.suite

bench: $(STAMP)
	$(BIN)/python bench/engine.py

clean:
	rm -rf $(VENV) motcua.sqlite3 motcua.sqlite3-* var
