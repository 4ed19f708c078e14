#!/bin/sh
# The monitoring tests run the real Prometheus and Alertmanager (and their promtool and amtool), from
# Debian's packages. Installed once; a no-op when they are already there. The packages' install scripts
# try to start system services of their own, which Scale never uses: it starts its own copies.
set -eu
if [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus-alertmanager ] && [ -x /usr/bin/amtool ]; then
  exit 0
fi
echo "setup: installing Debian's prometheus and prometheus-alertmanager for the monitoring tests" >&2
sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null
