#!/bin/sh
# The main job on embedded defaults: install (Prometheus and Alertmanager too), build, then `scale demo`:
# both groups under traffic, the chaos runner, the default suite, a results table. Extra arguments go to
# `scale demo` (e.g. --count 5000).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
sh scripts/install-monitoring.sh
sh scripts/install-toxiproxy.sh
PATH="$PWD/node_modules/.bin:$PATH"
export PATH
npm run -s build
exec node dist/apps/cli/src/main.js demo "$@"
