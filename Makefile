# Developer shortcuts; the README's commands work without make.
.PHONY: dev test check fmt snap schema

dev:
	python3 -m venv .venv && .venv/bin/python -m pip install -q -e '.[dev]'

check:
	.venv/bin/ruff check src tests && .venv/bin/ruff format --check src tests && .venv/bin/mypy src && .venv/bin/lint-imports && .venv/bin/python -m pytest && .venv/bin/flowrules check rules/

test: dev check

fmt:
	.venv/bin/ruff format src tests && .venv/bin/ruff check --fix src tests

snap:
	.venv/bin/python -m pytest --snapshot-update

schema:
	.venv/bin/flowrules schema --out docs/schema
