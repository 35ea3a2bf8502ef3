#!/usr/bin/env bash
# Validates the bundled contract with third-party tools, pinned in package-lock.json:
#   - Redocly CLI lints gen/openapi.yaml with its recommended rules (0 errors required);
#   - @asyncapi/parser validates gen/asyncapi.yaml (0 errors required).
# Run from anywhere (make validate-external). Needs node >= 20.19 and npm. Telemetry is off.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "${here}/../.." && pwd)"

# No telemetry, no update checks, no banners.
export DO_NOT_TRACK=1
export REDOCLY_TELEMETRY=off
export REDOCLY_SUPPRESS_UPDATE_NOTICE=true
export NO_UPDATE_NOTIFIER=1
export NPM_CONFIG_UPDATE_NOTIFIER=false
export NPM_CONFIG_FUND=false
export NPM_CONFIG_AUDIT=false

for f in gen/openapi.yaml gen/asyncapi.yaml; do
  if [[ ! -f "${repo}/${f}" ]]; then
    echo "validate-external: ${f} is missing; run make gen" >&2
    exit 2
  fi
done

# Install exactly the locked versions; skip when node_modules already matches the lock.
stamp="${here}/node_modules/.package-lock.json"
if [[ ! -f "${stamp}" || "${here}/package-lock.json" -nt "${stamp}" ]]; then
  (cd "${here}" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

status=0
cd "${repo}"

echo "== redocly lint --extends recommended gen/openapi.yaml"
if ! "${here}/node_modules/.bin/redocly" lint --extends recommended --format stylish gen/openapi.yaml; then
  status=1
fi

echo "== @asyncapi/parser gen/asyncapi.yaml"
if ! node "${here}/validate-asyncapi.cjs" gen/asyncapi.yaml; then
  status=1
fi

if [[ ${status} -ne 0 ]]; then
  echo "validate-external: FAILED" >&2
else
  echo "validate-external: ok"
fi
exit ${status}
