#!/bin/sh
# Every check CI runs, from a clean clone: install, build, type-check, formatting, lint, then the unit and
# integration tests (the integration tests start a real Postgres and a real S3 server themselves), and the
# Kubernetes tests against a real control plane.
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
sh scripts/install-chromium.sh
sh scripts/install-monitoring.sh
sh scripts/install-fuzzer.sh
sh scripts/install-kubernetes.sh
sh scripts/install-toxiproxy.sh
PATH="$PWD/node_modules/.bin:$PATH"
export PATH

echo "== build" >&2
npm run -s build
echo "== typecheck" >&2
npm run -s typecheck
echo "== format" >&2
prettier --check . --log-level warn
echo "== lint" >&2
npm run -s lint
echo "== unit tests" >&2
# The unit tests touch no process-wide state, so their files share one module graph per worker
# (--no-isolate): NestJS, OpenTelemetry and zod load once per worker instead of once per file.
# Each project also writes a JSON report, from which the run's closing line is printed.
reports=test-results/vitest
mkdir -p "$reports"
npm run -s test:unit -- --reporter=default --reporter=json --outputFile.json="$reports/unit.json"
echo "== integration tests" >&2
vitest run --project integration --reporter=default --reporter=json --outputFile.json="$reports/integration.json"
echo "== kubernetes tests" >&2
# A real control plane (etcd, apiserver, controllers, scheduler) whose nodes KWOK simulates; see install-kubernetes.sh.
vitest run --project kubernetes --reporter=default --reporter=json --outputFile.json="$reports/kubernetes.json"
node scripts/test-summary.mjs "$reports/unit.json" "$reports/integration.json" "$reports/kubernetes.json"
