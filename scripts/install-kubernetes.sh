#!/bin/sh
# The Kubernetes tests run a real control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler) whose nodes KWOK simulates, and install the chart with helm. All of them are built from
# their Go modules once per machine into a cache outside the work tree; a no-op when that cache is complete.
# A missing or partial cache is rebuilt in a temporary directory and moved into place whole.
set -eu
kubernetes_version=v1.36.3
staging_version=v0.36.3
etcd_version=v3.6.8
kwok_version=v0.8.0
helm_version=v4.3.2
operator_version=v0.85.0
versions="kubernetes=$kubernetes_version etcd=$etcd_version kwok=$kwok_version helm=$helm_version prometheus-operator=$operator_version"

home="${SCALE_KUBERNETES_HOME:-$HOME/.cache/scale/kubernetes}"
dest="$home/$kubernetes_version"
complete() {
  [ -f "$dest/.complete" ] && [ "$(cat "$dest/.complete")" = "$versions" ]
}
if complete; then exit 0; fi

mkdir -p "$home"
# One build at a time per machine: a second caller waits for the first, then finds the cache complete.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$home/.lock"
  flock 9
  if complete; then exit 0; fi
fi
# What an interrupted build left behind.
rm -rf "$home"/.stage.*
# The Go caches outlive a failed attempt, so a retry downloads and compiles only what is missing; a
# successful build removes them (together they are several gigabytes).
go_home="$home/.go"
export GOCACHE="$go_home/build" GOMODCACHE="$go_home/mod" GOFLAGS="-modcacherw -buildvcs=false" GOTOOLCHAIN=local
stage="$(mktemp -d "$home/.stage.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/share/kwok-stages" "$stage/share/crds"
started=$(date +%s)

step() {
  echo "kubernetes: $1" >&2
}

# Runs a go command with its download chatter kept out of the output, unless it fails.
quietly() {
  "$@" 2>"$stage/go.log" || {
    cat "$stage/go.log" >&2
    return 1
  }
}

# A throwaway module that requires $1 at $2 and names the commands to build as tool directives; the
# replace lines (if any) are read from stdin.
tool_module() {
  dir="$stage/modules/$(basename "$1")"
  mkdir -p "$dir"
  (
    cd "$dir"
    go mod init scale.local/build >/dev/null 2>&1
    cat >>go.mod
    shift 2
    quietly go get -tool "$@"
  )
  echo "$dir"
}

step "building etcd (1/6)"
module=$(printf '' | tool_module go.etcd.io/etcd/server/v3 "$etcd_version" "go.etcd.io/etcd/server/v3@$etcd_version")
(cd "$module" && quietly go build -trimpath -ldflags "-s -w" -o "$stage/bin/etcd" go.etcd.io/etcd/server/v3)

# k8s.io/kubernetes replaces its staging modules with directories of its own tree; the throwaway module
# points each of them at the published copy instead (sample-cli-plugin is published under no such version
# and nothing built here needs it).
go_mod=$(go mod download -json "k8s.io/kubernetes@$kubernetes_version" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
replaces=$(sed -n 's#^[[:space:]]*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#replace \1 => \1 '"$staging_version"'#p' "$go_mod" |
  grep -v sample-cli-plugin)
commands="kube-apiserver kube-controller-manager kube-scheduler"
tools=""
for command in $commands; do tools="$tools k8s.io/kubernetes/cmd/$command@$kubernetes_version"; done
# shellcheck disable=SC2086 # the tool list is meant to split into words
module=$(echo "$replaces" | tool_module k8s.io/kubernetes "$kubernetes_version" $tools)
minor=$(echo "$kubernetes_version" | cut -d. -f2)
ldflags="-s -w"
for package in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags="$ldflags -X $package.gitVersion=$kubernetes_version -X $package.gitMajor=1 -X $package.gitMinor=$minor"
  ldflags="$ldflags -X $package.gitTreeState=clean"
done
index=2
for command in $commands; do
  step "building $command ($index/6)"
  (cd "$module" && quietly go build -trimpath -ldflags "$ldflags" -o "$stage/bin/$command" "k8s.io/kubernetes/cmd/$command")
  index=$((index + 1))
done

step "building kwok (5/6)"
quietly env GOBIN="$stage/bin" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$kwok_version"
# KWOK refuses to start without stages; these are its defaults: nodes made Ready and kept so through
# leases, pods taken from Pending through their init containers to Running or Succeeded, and deleted pods
# let go (without pod-delete they would stay Terminating, since no kubelet confirms their end).
kwok_dir=$(go mod download -json "sigs.k8s.io/kwok@$kwok_version" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
cp "$kwok_dir/kustomize/stage/node/fast/node-initialize.yaml" \
  "$kwok_dir/kustomize/stage/node/heartbeat-with-lease/node-heartbeat-with-lease.yaml" \
  "$kwok_dir"/kustomize/stage/pod/general/pod-*.yaml "$stage/share/kwok-stages/"

step "building helm (6/6)"
quietly env GOBIN="$stage/bin" go install -trimpath -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=$helm_version" \
  "helm.sh/helm/v4/cmd/helm@$helm_version"

# The chart ships ServiceMonitors and PrometheusRules, whose kinds the Prometheus Operator defines.
operator_dir=$(go mod download -json "github.com/prometheus-operator/prometheus-operator@$operator_version" |
  sed -n 's/.*"Dir": "\(.*\)".*/\1/p')
cp "$operator_dir"/example/prometheus-operator-crd/*.yaml "$stage/share/crds/"

rm -rf "$stage/modules"
echo "$versions" >"$stage/.complete"
rm -rf "$dest"
mv "$stage" "$dest"
rm -rf "$go_home"
echo "kubernetes: built in $(($(date +%s) - started)) s into $dest" >&2
