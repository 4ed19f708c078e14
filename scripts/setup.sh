#!/bin/sh
# Installs what the project needs from the npm registry, Node 24 included
# (the `node` package ships the binary into node_modules/.bin, which npm
# scripts put first on PATH). Safe to run again: it only reinstalls when the
# lock file changed since the last install.
set -eu
cd "$(dirname "$0")/.."

stamp=node_modules/.scale-installed
if [ ! -x node_modules/.bin/node ] || [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "setup: installing dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

version=$(node_modules/.bin/node -p 'process.versions.node')
major=${version%%.*}
if [ "$major" -lt 22 ]; then
  echo "setup: node_modules/.bin/node is $version; Scale needs Node >= 22.15" >&2
  exit 1
fi
