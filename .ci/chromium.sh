#!/usr/bin/env bash
# Installs Debian's chromium for the browser test (headless, driven by Playwright with
# ExecutablePath=/usr/bin/chromium; no browser download). Idempotent; needs root (apt).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing or old on a fresh machine: update only when the install fails.
if ! apt-get install -y -qq chromium >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi
/usr/bin/chromium --version
