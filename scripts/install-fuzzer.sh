#!/bin/sh
# The contract tests run Schemathesis, a property-based fuzzer that reads an OpenAPI document, from PyPI
# into a virtual environment of the project's own (.scale/fuzz-venv). Installed once per pinned version.
set -eu
cd "$(dirname "$0")/.."
version=4.32.5
venv=.scale/fuzz-venv
if [ -x "$venv/bin/schemathesis" ] && [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" = "schemathesis, version $version" ]; then
  exit 0
fi
echo "setup: installing schemathesis $version for the OpenAPI contract tests" >&2
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
