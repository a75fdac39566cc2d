#!/usr/bin/env bash
# Installs a Trino server for the integration test (test/integration/trino-iceberg.itest.ts) into the git-ignored
# .tools/ folder, from Maven Central:
#   io.trino:trino-server-core:<v>:tar.gz   the server, its launcher and the exchange-filesystem plugin (~190 MB)
#   io.trino:trino-iceberg:<v>:zip          the Iceberg connector plugin, PostgreSQL driver included (~350 MB)
# which is smaller than the full io.trino:trino-server tarball (~820 MB, every connector). Each download is checked
# against Maven's .sha1 file. Result: .tools/trino-<v>/ (bin/, lib/, plugin/exchange-filesystem, plugin/iceberg) and
# .tools/trino-current -> trino-<v>; the stamp .tools/stamps/trino-server holds the version installed.
#
# Version: the chart's appVersion (480, constructs/addons/trino/chart.ts) first. When Maven Central does not serve a
# version (the mirror this project is developed behind served trino-server(-core) 476 at most, and trino-iceberg 480
# only as a jar, not as the plugin zip), the next candidate is tried and the reason recorded in
# .tools/stamps/trino-server.note. A plugin is only ever installed at its server's version (the SPI is not
# compatible across releases). TRINO_VERSIONS="480 476" overrides the candidate list.
# Idempotent: nothing is downloaded when the stamp names an installed version whose folder exists.
# Usage: bash scripts/install-trino.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=$PWD/.tools
STAMPS=$TOOLS/stamps
CACHE=$TOOLS/trino-downloads
MAVEN=${MAVEN_REPOSITORY:-https://repo1.maven.org/maven2}
read -r -a CANDIDATES <<<"${TRINO_VERSIONS:-480 476}"
mkdir -p "$STAMPS" "$CACHE"

log() { printf '[install-trino] %s\n' "$*" >&2; }

artifact_url() { # group-path artifact version extension
  printf '%s/io/trino/%s/%s/%s-%s.%s' "$MAVEN" "$1" "$2" "$1" "$2" "$3"
}

served() { curl -sSfIL --max-time 30 "$1" >/dev/null 2>&1; }

# fetch <url>: downloads once into the cache, verifies the SHA-1 Maven publishes; prints the local path.
fetch() {
  local url=$1 file expected actual start
  file=$CACHE/$(basename "$url")
  expected=$(curl -sSfL --max-time 60 "$url.sha1" | cut -c1-40)
  if [[ ! "$expected" =~ ^[0-9a-f]{40}$ ]]; then
    log "no SHA-1 published for $url"
    return 1
  fi
  if [[ -f "$file" ]] && [[ "$(sha1sum "$file" | cut -c1-40)" == "$expected" ]]; then
    log "$(basename "$file"): cached, SHA-1 matches"
  else
    start=$SECONDS
    curl -sSfL --retry 3 --max-time 1800 -o "$file.part" "$url"
    actual=$(sha1sum "$file.part" | cut -c1-40)
    if [[ "$actual" != "$expected" ]]; then
      rm -f "$file.part"
      log "$(basename "$file"): SHA-1 $actual, Maven says $expected; refused"
      return 1
    fi
    mv "$file.part" "$file"
    log "$(basename "$file"): $(stat -c %s "$file") bytes in $((SECONDS - start)) s, SHA-1 verified"
  fi
  printf '%s\n' "$file"
}

if [[ -f "$STAMPS/trino-server" ]]; then
  installed=$(cat "$STAMPS/trino-server")
  if [[ -x "$TOOLS/trino-$installed/bin/launcher" && -d "$TOOLS/trino-$installed/plugin/iceberg" ]]; then
    for candidate in "${CANDIDATES[@]}"; do
      if [[ "$candidate" == "$installed" ]]; then
        log "Trino $installed: already installed in .tools/trino-$installed"
        exit 0
      fi
    done
  fi
fi

note=()
for version in "${CANDIDATES[@]}"; do
  core=$(artifact_url trino-server-core "$version" tar.gz)
  iceberg=$(artifact_url trino-iceberg "$version" zip)
  if ! served "$core"; then
    note+=("$version: $core not served")
    log "${note[-1]}"
    continue
  fi
  if ! served "$iceberg"; then
    note+=("$version: $iceberg not served")
    log "${note[-1]}"
    continue
  fi
  core_file=$(fetch "$core")
  iceberg_file=$(fetch "$iceberg")
  target=$TOOLS/trino-$version
  rm -rf "$target" "$target.tmp"
  mkdir -p "$target.tmp"
  tar -xzf "$core_file" -C "$target.tmp" --strip-components=1
  unzip -q "$iceberg_file" -d "$target.tmp/plugin"
  mv "$target.tmp/plugin/trino-iceberg-$version" "$target.tmp/plugin/iceberg"
  mv "$target.tmp" "$target"
  ln -sfn "trino-$version" "$TOOLS/trino-current"
  echo "$version" >"$STAMPS/trino-server"
  if [[ ${#note[@]} -gt 0 ]]; then
    printf 'installed %s instead of %s:\n' "$version" "${CANDIDATES[0]}" >"$STAMPS/trino-server.note"
    printf '  %s\n' "${note[@]}" >>"$STAMPS/trino-server.note"
  else
    rm -f "$STAMPS/trino-server.note"
  fi
  log "Trino $version installed in .tools/trino-$version ($(du -sm "$target" | cut -f1) MB)"
  exit 0
done
log "no candidate Trino version is served: ${note[*]}"
exit 1
