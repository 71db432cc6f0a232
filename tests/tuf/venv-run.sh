#!/usr/bin/env bash
# Runs a Python script with the TUF tests' virtual environment (python-tuf,
# pinned by tests/tuf/requirements.txt; scripts/test.sh makes it).
# usage: venv-run.sh VENV SCRIPT ARGS...
venv=$1; shift
[ -x "$venv/bin/python" ] || { echo "no virtual environment at $venv: scripts/test.sh makes it"; exit 1; }
PYTHONDONTWRITEBYTECODE=1 exec "$venv/bin/python" "$@"
