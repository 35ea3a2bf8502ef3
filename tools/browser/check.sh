#!/usr/bin/env bash
# Checks the living mock's pages in headless Chromium (Debian's chromium
# package, installed with apt-get when missing): /docs and /docs/ws render, the
# top-up checkout page renders, Pay and Cancel work and redirect to the return
# pages. The mock runs in-process on a loopback port; see main.go.
set -euo pipefail
cd "$(dirname "$0")/../.."
CHROMIUM=${CHROMIUM:-chromium}
if ! command -v "$CHROMIUM" >/dev/null 2>&1; then
  echo "installing Debian's chromium" >&2
  SUDO=()
  [[ $(id -u) -ne 0 ]] && SUDO=(sudo)
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq chromium >/dev/null
fi
"$CHROMIUM" --version >&2
go run ./tools/browser -chromium "$(command -v "$CHROMIUM")"
