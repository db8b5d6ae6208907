#!/usr/bin/env bash
# browser-setup.sh -- install Debian's chromium for the html report test
# (packages/cli/test/html-report.test.ts drives it with playwright-core, which
# brings no browser of its own). Idempotent; needs root.
set -euo pipefail
if dpkg-query -W -f='${Status}' chromium 2>/dev/null | grep -q 'install ok installed'; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown version)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# apt-get update only when the package lists are empty (fresh container).
[ -n "$(find /var/lib/apt/lists -name '*Packages*' -print -quit 2>/dev/null)" ] || apt-get update
apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
