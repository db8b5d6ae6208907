#!/usr/bin/env bash
# Installs the pre-commit tool for packages/hooks-test (pcilint's
# .pre-commit-hooks.yaml run by the real pre-commit): from PyPI with pip,
# else Debian's package. Succeeds when `pre-commit --version` works.
set -uo pipefail

if command -v pre-commit >/dev/null 2>&1 && pre-commit --version; then exit 0; fi

if command -v python3 >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check pre-commit ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages pre-commit || true
  # pyenv installs console scripts behind shims that need a rehash.
  command -v pyenv >/dev/null 2>&1 && pyenv rehash || true
fi
if ! command -v pre-commit >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq pre-commit
fi
pre-commit --version
