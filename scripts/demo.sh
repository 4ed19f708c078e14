#!/bin/sh
# The main job on embedded defaults: install, build, seed the bucket with generated songs, extract
# them into the catalog, print its summary. Extra arguments go to `scale demo` (e.g. --count 5000).
set -eu
cd "$(dirname "$0")/.."
sh scripts/setup.sh
sh scripts/install-monitoring.sh
PATH="$PWD/node_modules/.bin:$PATH"
export PATH
npm run -s build
exec node dist/apps/cli/src/main.js demo "$@"
