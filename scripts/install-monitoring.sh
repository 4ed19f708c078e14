#!/bin/sh
# The monitoring tests run the real Prometheus and Alertmanager (and their promtool and amtool), and the
# local stack's node and blackbox exporters, from Debian's packages: all are packaged for the Debian release
# the machines run, so one apt-get brings them with no build step. Installed once; a no-op when they are
# already there. The packages' install scripts try to start system services of their own, which Scale never
# uses: it starts its own copies, on its own ports and configuration.
set -eu
if [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus-alertmanager ] &&
  [ -x /usr/bin/amtool ] && [ -x /usr/bin/prometheus-node-exporter ] && [ -x /usr/bin/prometheus-blackbox-exporter ]; then
  exit 0
fi
echo "setup: installing Debian's prometheus, prometheus-alertmanager and exporters for the monitoring tests" >&2
sudo=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager \
  prometheus-node-exporter prometheus-blackbox-exporter >/dev/null
