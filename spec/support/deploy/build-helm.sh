#!/usr/bin/env bash
# Builds helm from the Go module proxy into a cache outside the repository,
# keyed by version; reuses what is already there.
#
#   HELM_VERSION   helm release to build (default below)
#   HELM_CACHE     cache root (default ~/.cache/pipeops-agent/helm)
#
# Prints the path of the helm binary on its last line.
set -euo pipefail

HELM_VERSION="${HELM_VERSION:-v3.22.0}"
CACHE="${HELM_CACHE:-$HOME/.cache/pipeops-agent/helm}"
OUT="$CACHE/$HELM_VERSION"
log() { echo "[helm-build] $*" >&2; }

if [ -x "$OUT/helm" ]; then
  log "reusing $OUT/helm"
  echo "$OUT/helm"
  exit 0
fi
command -v go >/dev/null || { log "Go is not installed: install Go, or set HELM to a helm binary"; exit 3; }
mkdir -p "$OUT"
major="${HELM_VERSION%%.*}"
log "building helm.sh/helm/$major/cmd/helm@$HELM_VERSION (a cold build takes a few minutes)"
# Outside any module, so the repository's files are never touched.
(cd "$CACHE" && CGO_ENABLED=0 GOTOOLCHAIN=local GOBIN="$OUT" \
  go install -trimpath -ldflags "-s -w -X helm.sh/helm/$major/internal/version.version=$HELM_VERSION" \
  "helm.sh/helm/$major/cmd/helm@$HELM_VERSION" >&2)
"$OUT/helm" version --short >&2
echo "$OUT/helm"
