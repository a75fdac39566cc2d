#!/usr/bin/env bash
# Installs what the Spark-on-S3A integration test (test/integration/spark-s3a.itest.ts) runs into the git-ignored
# .tools/ folder:
#   .tools/spark-venv   Python venv from PyPI: pyspark 3.5.8, whose sdist carries Spark's own jars/ and bin/ (the
#                       jar set of the spark-3.5.8-bin-hadoop3 distribution the apache/spark:3.5.8 image unpacks:
#                       hadoop-client-api/-runtime 3.3.4, no S3A), checked by SHA-256 with py4j and the setuptools
#                       that builds it; and moto (an S3 API server, the test's stand-in for S3/MinIO) with flask
#                       for its standalone server, every package at an exact version.
#   .tools/s3a-jars     the jars of S3A_JARS in constructs/addons/common/pinned-jars.ts, read from that file (the
#                       one list the pods' init container downloads too) and checked against its SHA-256 values.
# Idempotent: the venv is rebuilt only when .tools/stamps/spark differs from the pins below; the jars are
# re-checked every run and downloaded only when missing or not matching.
# Usage: bash scripts/install-spark.sh   (MAVEN_REPOSITORY overrides Maven Central, as in install-trino.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS=$PWD/.tools
STAMPS=$TOOLS/stamps
VENV=$TOOLS/spark-venv
JARS=$TOOLS/s3a-jars
MAVEN=${MAVEN_REPOSITORY:-https://repo1.maven.org/maven2}
mkdir -p "$STAMPS" "$JARS"

log() { printf '[install-spark] %s\n' "$*" >&2; }

# ---- pins ----
# SHA-256 values as PyPI's simple index publishes them (https://pypi.org/simple/<name>/, #sha256= fragments).
# pyspark 3.5.8 is an sdist only; setup.py pins py4j >=0.10.9.7,<0.10.9.10 and ships lib/py4j-0.10.9.7-src.zip.
HASHED_BUILD=(
  "setuptools==80.9.0 --hash=sha256:062d34222ad13e0cc312a4c02d73f059e86a4acbfbdea8f8f76b28c99f306922"
)
HASHED=(
  "pyspark==3.5.8 --hash=sha256:54cca0767b21b40e3953ad1d30f8601c53abf9cbda763653289cdcfcac52313c"
  "py4j==0.10.9.7 --hash=sha256:85defdfd2b2376eb3abf5ca6474b51ab7e0de341c75a02f46dc9b5976f5a5c1b"
)
# moto[s3] + flask + flask-cors (what `moto_server` imports) and everything they pull in: `pip freeze` of that
# install on Python 3.11. Installed with --no-deps, then `pip check` proves the list complete.
MOTO=(
  moto==5.2.5 Flask==3.1.3 flask-cors==6.0.5 blinker==1.9.0 boto3==1.44.8 botocore==1.44.8
  certifi==2026.10.19.post1 cffi==2.1.1 charset-normalizer==3.5.3 click==8.5.1 cryptography==50.0.2 idna==3.20
  itsdangerous==2.2.0 Jinja2==3.1.6 jmespath==1.1.0 MarkupSafe==3.0.4 py-partiql-parser==0.6.3 pycparser==3.12
  python-dateutil==2.9.0.post0 PyYAML==6.0.4 requests==2.34.2 responses==0.26.3 s3transfer==0.19.3 six==1.17.0
  urllib3==2.8.0 Werkzeug==3.1.9 xmltodict==1.0.4
)
PINS=$(printf '%s\n' "${HASHED_BUILD[@]}" "${HASHED[@]}" "${MOTO[@]}" | sha256sum | cut -c1-16)

install_venv() {
  local reqs start=$SECONDS
  reqs=$(mktemp -d)
  rm -rf "$VENV"
  python3 -m venv "$VENV"
  printf '%s\n' "${HASHED_BUILD[@]}" >"$reqs/build.txt"
  printf '%s\n' "${HASHED[@]}" >"$reqs/spark.txt"
  printf '%s\n' "${MOTO[@]}" >"$reqs/moto.txt"
  local pip=("$VENV/bin/pip" install --disable-pip-version-check --no-input -q --no-deps)
  "${pip[@]}" --require-hashes -r "$reqs/build.txt"
  # --no-build-isolation: pyspark's setup.py runs with the setuptools above, not an unpinned one.
  "${pip[@]}" --require-hashes --no-build-isolation -r "$reqs/spark.txt"
  "${pip[@]}" -r "$reqs/moto.txt"
  "$VENV/bin/pip" check --disable-pip-version-check
  rm -rf "$reqs"
  log "venv built in $((SECONDS - start)) s ($(du -sm "$VENV" | cut -f1) MB)"
}

venv_ok() {
  [[ -f "$STAMPS/spark" && "$(cat "$STAMPS/spark")" == "$PINS" ]] &&
    "$VENV/bin/python" -c 'import pyspark, moto.server' 2>/dev/null
}

if venv_ok; then
  log "venv: already installed (pins $PINS)"
else
  rm -f "$STAMPS/spark"
  install_venv
  echo "$PINS" >"$STAMPS/spark"
fi
spark_home=$("$VENV/bin/python" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')
if [[ ! -f "$spark_home/jars/hadoop-client-api-3.3.4.jar" ]]; then
  log "pyspark's jars/ has no hadoop-client-api-3.3.4.jar (hadoop-aws 3.3.4 needs it)"
  exit 1
fi
log "Spark $("$VENV/bin/python" -c 'import pyspark; print(pyspark.__version__)'): $(find "$spark_home/jars" -name '*.jar' | wc -l) jars in $spark_home/jars"

# ---- the S3A jars: "group artifact version sha256" lines parsed from pinned-jars.ts ----
mapfile -t specs < <("$VENV/bin/python" - constructs/addons/common/pinned-jars.ts <<'PY'
import re, sys
text = open(sys.argv[1]).read()
sdk_version = re.search(r'const AWS_SDK_V1 = "([^"]+)"', text).group(1)
block = re.search(r"export const S3A_JARS[^=]*= \[(.*?)\n\];", text, re.S).group(1)
entry = re.compile(
    r'\{\s*group: "([^"]+)",\s*artifact: "([^"]+)",\s*version: "([^"]+)",\s*sha256: "([0-9a-f]{64})",?\s*\}'
    r'|sdk\("([^"]+)", "([0-9a-f]{64})"\)'
)
for m in entry.finditer(block):
    if m.group(1):
        print(*m.group(1, 2, 3, 4))
    else:
        print("com.amazonaws", m.group(5), sdk_version, m.group(6))
PY
)
if [[ ${#specs[@]} -eq 0 ]]; then
  log "no jar found in S3A_JARS of constructs/addons/common/pinned-jars.ts (has its shape changed?)"
  exit 1
fi
wanted=()
for spec in "${specs[@]}"; do
  read -r group artifact version sha256 <<<"$spec"
  file=$artifact-$version.jar
  wanted+=("$file")
  if [[ -f "$JARS/$file" ]] && echo "$sha256  $JARS/$file" | sha256sum -c --status -; then
    continue
  fi
  url=$MAVEN/${group//.//}/$artifact/$version/$file
  curl -sSfL --retry 3 --max-time 300 -o "$JARS/$file.part" "$url"
  actual=$(sha256sum "$JARS/$file.part" | cut -c1-64)
  if [[ "$actual" != "$sha256" ]]; then
    rm -f "$JARS/$file.part"
    log "$file: SHA-256 $actual is not the pinned $sha256 ($url); refused"
    exit 1
  fi
  mv "$JARS/$file.part" "$JARS/$file"
  log "$file: downloaded, SHA-256 matches pinned-jars.ts"
done
# Only the listed jars: a jar dropped from S3A_JARS must not linger and make the test pass.
shopt -s nullglob
for present in "$JARS"/*; do
  name=$(basename "$present")
  if [[ ! " ${wanted[*]} " == *" $name "* ]]; then
    rm -f "$present"
    log "$name: removed (not in S3A_JARS)"
  fi
done
log "S3A jars in .tools/s3a-jars: ${wanted[*]}"
