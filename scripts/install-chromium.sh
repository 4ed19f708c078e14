#!/bin/sh
# The page tests drive Debian's Chromium (playwright-core's own browser download cannot work on
# machines without general internet access). Installed once; a no-op when it is already there.
set -eu
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "setup: installing Debian's chromium for the page tests" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
