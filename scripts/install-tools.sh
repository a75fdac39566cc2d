#!/usr/bin/env bash
# Installs the tools `npm run verify` runs, at exact versions, into the git-ignored .tools/ folder:
#   .tools/venv   Python venv: checkov, kubernetes-validate (PyPI)
#   .tools/bin    Go binaries built from the Go module proxy: helm, tflint (+ tflint-ruleset-aws), actionlint
#   .tools/charts the argo-cd and argocd-apps charts (not in ../shared/charts), from argo-helm on the Go module proxy
# Idempotent: each tool has a stamp file (.tools/stamps/<tool>) holding the version it was installed at; a tool
# is (re)installed only when its stamp differs from the pin below. The Go build cache stays in its default place
# (~/.cache/go-build), so a rebuild on the same machine is fast.
# A tool that cannot be installed is recorded in .tools/stamps/<tool>.error (what failed and why); the script
# carries on with the others and exits non-zero, and `npm run verify` fails naming it.
# Usage: bash scripts/install-tools.sh [--providers]   (--providers: also the opt-in OpenTofu + providers, slow)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TOOLS=$ROOT/.tools
STAMPS=$TOOLS/stamps
mkdir -p "$TOOLS/bin" "$STAMPS"

# ---- pins (exact versions; README "Verify with real tools" lists them) ----
CHECKOV_VERSION=3.3.30
KUBERNETES_VALIDATE_VERSION=1.37.0
HELM_VERSION=v3.22.0
TFLINT_VERSION=v0.64.0
TFLINT_RULESET_AWS_VERSION=v0.48.0
# actionlint lints .github/workflows/ (verify's `actionlint` check); it runs shellcheck on `run:` scripts
# when shellcheck is on the PATH, and skips that part otherwise (not required).
ACTIONLINT_VERSION=v1.7.12
# argo-helm as a Go module (the proxy serves any public repository at a commit): the one snapshot the
# proxy serves holds argo-cd 10.8.0 and argocd-apps 2.0.5, the charts the stacks pin. go verifies the
# download against the checksum database; the module hash is pinned here too.
ARGO_HELM_MODULE=github.com/argoproj/argo-helm@v0.0.0-20260904222229-3bbb4305eea9
ARGO_HELM_SUM="h1:WwVk8y5P+B0c9yiH8dF0VZtBHpsIWE9dq9osMjul8UM="

failed=()

log() { printf '[install-tools] %s\n' "$*"; }

# installed <tool> <version>: true when the stamp says that version and no error is recorded.
installed() { [[ -f "$STAMPS/$1" && "$(cat "$STAMPS/$1")" == "$2" && ! -f "$STAMPS/$1.error" ]]; }

# install <tool> <version> <function>: runs the function unless already installed; records success or error.
install() {
  local tool=$1 version=$2 fn=$3 out
  if installed "$tool" "$version"; then
    log "$tool $version: already installed"
    return 0
  fi
  log "$tool $version: installing"
  local start=$SECONDS
  out=$(mktemp)
  if "$fn" "$version" >"$out" 2>&1; then
    echo "$version" >"$STAMPS/$tool"
    rm -f "$STAMPS/$tool.error"
    log "$tool $version: installed in $((SECONDS - start)) s"
  else
    rm -f "$STAMPS/$tool"
    {
      echo "$tool $version could not be installed ($fn failed); last lines of its output:"
      tail -n 15 "$out"
    } >"$STAMPS/$tool.error"
    cat "$STAMPS/$tool.error" >&2
    failed+=("$tool")
  fi
  rm -f "$out"
}

venv() {
  if [[ ! -x "$TOOLS/venv/bin/python" ]]; then
    python3 -m venv "$TOOLS/venv" || return 1
  fi
}

# Every package the Python tools pull in is pinned too: scripts/verify-requirements.txt as constraints.
CONSTRAINTS=scripts/verify-requirements.txt
PIP_PINS=$(sha256sum "$CONSTRAINTS" | cut -c1-12)

pip_install() {
  venv && "$TOOLS/venv/bin/pip" install --disable-pip-version-check --no-input -q -c "$CONSTRAINTS" "$1"
}

install_checkov() { pip_install "checkov==${1%% *}"; }

install_kubernetes_validate() { pip_install "kubernetes-validate==${1%% *}"; }

gobuild() { GOBIN="$TOOLS/bin" GOFLAGS=-trimpath go install "$@"; }

# -X sets what `helm version` prints (the release Makefile does the same); --kube-version is always passed.
install_helm() { gobuild -ldflags "-X helm.sh/helm/v3/internal/version.version=$1" "helm.sh/helm/v3/cmd/helm@$1"; }

install_tflint() { gobuild "github.com/terraform-linters/tflint@$1"; }

install_actionlint() { gobuild "github.com/rhysd/actionlint/cmd/actionlint@$1"; }

# tflint finds plugins in TFLINT_PLUGIN_DIR (verify sets it to .tools/tflint-plugins) as
# tflint-ruleset-<name> when `.tflint.hcl` enables `plugin "aws"` without `source`/`version`.
# Not `go install module@version`: that also asks the proxy for the module's version list (a deprecation
# check), which our proxy refuses (403) for this module, although it serves the version itself. So: download
# the exact version (checksum-verified against the Go checksum database), then build in its module directory.
install_tflint_ruleset_aws() {
  local module=github.com/terraform-linters/tflint-ruleset-aws
  go mod download "$module@$1" || return 1
  mkdir -p "$TOOLS/tflint-plugins" &&
    (cd "$(go env GOMODCACHE)/$module@$1" &&
      GOFLAGS=-trimpath go build -o "$TOOLS/tflint-plugins/tflint-ruleset-aws" .)
}

# The charts of argo-helm the stacks pin, copied out of the module (read-only in the module cache).
install_argo_helm_charts() {
  local json dir sum
  json=$(go mod download -json "$1") || return 1
  dir=$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])') || return 1
  sum=$(printf '%s' "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Sum"])') || return 1
  if [[ "$sum" != "$ARGO_HELM_SUM" ]]; then
    echo "argo-helm module hash $sum, expected $ARGO_HELM_SUM"
    return 1
  fi
  rm -rf "$TOOLS/charts/argo-cd" "$TOOLS/charts/argocd-apps"
  mkdir -p "$TOOLS/charts"
  cp -R "$dir/charts/argo-cd" "$dir/charts/argocd-apps" "$TOOLS/charts/" && chmod -R u+w "$TOOLS/charts"
}

install checkov "$CHECKOV_VERSION constraints:$PIP_PINS" install_checkov
install kubernetes-validate "$KUBERNETES_VALIDATE_VERSION constraints:$PIP_PINS" install_kubernetes_validate
install helm "$HELM_VERSION" install_helm
install tflint "$TFLINT_VERSION" install_tflint
install tflint-ruleset-aws "$TFLINT_RULESET_AWS_VERSION" install_tflint_ruleset_aws
install actionlint "$ACTIONLINT_VERSION" install_actionlint
install argo-helm-charts "$ARGO_HELM_MODULE" install_argo_helm_charts

# ---- opt-in (`--providers`, for `npm run verify:providers`): OpenTofu and the stacks' providers ----
# Built from the Go module proxy at the commits of the provider tags into a filesystem mirror (verify
# points tofu at it with a provider_installation block). Tofu resolves the stacks' short sources ("aws")
# to registry.opentofu.org/hashicorp/<name>. Today the proxy refuses (403) all four provider modules.
TOFU_VERSION=v1.12.6
MIRROR=$TOOLS/providers/registry.opentofu.org/hashicorp
# name, version, module path (as its go.mod declares it), module version to build: the pseudo-version of
# the tag's commit (committer time from `git log -1 --format=%cI <tag>`, 12-character hash); for aws the
# commit of v6.25.0 could not be looked up here (repository too large to fetch), so the tag itself.
PROVIDERS=(
  "aws 6.25.0 github.com/hashicorp/terraform-provider-aws v6.25.0"
  "kubernetes 2.38.0 github.com/hashicorp/terraform-provider-kubernetes v0.0.0-20250721172020-be88f4427105"
  "helm 3.1.1 github.com/hashicorp/terraform-provider-helm v0.0.0-20251117192655-1cbf08f6a306"
  "random 3.7.2 github.com/terraform-providers/terraform-provider-random v0.0.0-20250422105519-bc2ddb552b46"
)

# Modules with replace directives (opentofu) cannot be built by `go install module@version`: download the
# exact version, then build in its module directory, where go.mod and its replace directives apply.
gobuild_in_module() { # module version output [go build flags...]
  local module=$1 version=$2 output=$3
  shift 3
  go mod download "$module@$version" || return 1
  (cd "$(go env GOMODCACHE)/$module@$version" && GOFLAGS=-trimpath go build "$@" -o "$output" .)
}

install_tofu() {
  go mod download "github.com/opentofu/opentofu@$1" &&
    (cd "$(go env GOMODCACHE)/github.com/opentofu/opentofu@$1" &&
      GOFLAGS=-trimpath go build -ldflags "-X github.com/opentofu/opentofu/version.dev=no" \
        -o "$TOOLS/bin/tofu" ./cmd/tofu)
}

install_provider() { # "<name> <version> <module> <go version>" (the stamp's version)
  local name version module goversion
  read -r name version module goversion <<<"$PROVIDER_SPEC"
  # -p 1: the aws provider needs several GB per compile job; one at a time fits the 2-core machine.
  gobuild_in_module "$module" "$goversion" \
    "$MIRROR/$name/$version/linux_amd64/terraform-provider-${name}_v$version" -p 1
}

if [[ "${1:-}" == "--providers" ]]; then
  install tofu "$TOFU_VERSION" install_tofu
  for spec in "${PROVIDERS[@]}"; do
    read -r name version _ <<<"$spec"
    PROVIDER_SPEC=$spec install "provider-$name" "$version" install_provider
  done
fi

if ((${#failed[@]})); then
  log "FAILED: ${failed[*]} (details in .tools/stamps/<tool>.error; npm run verify fails on them)"
  exit 1
fi
log "all tools installed"
