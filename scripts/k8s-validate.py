"""Validates built-in Kubernetes objects against the OpenAPI schemas of a Kubernetes version.

Used by scripts/verify.mjs with the venv of scripts/install-tools.sh (kubernetes-validate bundles the
schemas of each Kubernetes minor version, offline). Reads JSON from stdin:
    [{"id": "...", "version": "1.34", "object": {...}}, ...]
and writes JSON to stdout: [{"id": "...", "status": "valid" | "invalid" | "no-schema", "error": "..."}].
Strict mode: unknown fields are errors. The exact minor version must be bundled (no silent fallback to
an older one).
"""

import json
import sys

import kubernetes_validate
from kubernetes_validate import utils


def main() -> int:
    items = json.load(sys.stdin)
    bundled = {utils.major_minor(v) for v in utils.all_versions()}
    results = []
    for item in items:
        version = utils.major_minor(item["version"].lstrip("v"))
        result = {"id": item["id"], "status": "valid", "error": ""}
        if version not in bundled:
            result["status"] = "invalid"
            result["error"] = (
                f"kubernetes-validate {kubernetes_validate.version.__version__} bundles no schemas for "
                f"Kubernetes {version} (it has {', '.join(sorted(bundled))})"
            )
        else:
            try:
                kubernetes_validate.validate(item["object"], version, strict=True)
            except utils.SchemaNotFoundError as e:
                result["status"] = "no-schema"
                result["error"] = e.message
            except utils.ValidationError as e:
                path = "/".join(str(p) for p in e.path)
                result["status"] = "invalid"
                result["error"] = f"/{path}: {e.message}"
            except utils.InvalidSchemaError as e:
                result["status"] = "invalid"
                result["error"] = f"invalid schema: {e.message}"
        results.append(result)
    json.dump(results, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
