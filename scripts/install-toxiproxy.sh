#!/bin/sh
# The network faults put Toxiproxy (a TCP proxy whose latency, jitter, resets and bandwidth are set over its
# HTTP API) between each group's services and its Postgres. toxiproxy-server is built from its Go module once
# per machine into a cache outside the work tree; a no-op when that cache already holds this version.
set -eu
version=v2.12.0
home="${SCALE_TOXIPROXY_HOME:-$HOME/.cache/scale/toxiproxy}"
dest="$home/$version"
if [ -x "$dest/bin/toxiproxy-server" ] && [ "$(cat "$dest/.complete" 2>/dev/null)" = "$version" ]; then exit 0; fi

mkdir -p "$home"
# One build at a time per machine: a second caller waits for the first, then finds the cache complete.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$home/.lock"
  flock 9
  if [ -x "$dest/bin/toxiproxy-server" ] && [ "$(cat "$dest/.complete" 2>/dev/null)" = "$version" ]; then exit 0; fi
fi
rm -rf "$home"/.stage.*
go_home="$home/.go"
export GOCACHE="$go_home/build" GOMODCACHE="$go_home/mod" GOFLAGS="-modcacherw -buildvcs=false" GOTOOLCHAIN=local
stage="$(mktemp -d "$home/.stage.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
started=$(date +%s)
echo "toxiproxy: building toxiproxy-server $version (once per machine)" >&2
env GOBIN="$stage/bin" go install -trimpath -ldflags "-s -w" \
  "github.com/Shopify/toxiproxy/v2/cmd/server@$version" 2>"$stage/go.log" || {
  cat "$stage/go.log" >&2
  exit 1
}
mv "$stage/bin/server" "$stage/bin/toxiproxy-server"
echo "$version" >"$stage/.complete"
rm -rf "$dest"
mv "$stage" "$dest"
rm -rf "$go_home"
echo "toxiproxy: built in $(($(date +%s) - started)) s into $dest" >&2
