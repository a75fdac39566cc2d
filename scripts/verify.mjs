// `npm run verify`: synthesizes every environment, then runs real tools over the stacks and prints one
// line per tool (`<tool>: N passed, M failed, K skipped`); exits non-zero when any tool fails or cannot run.
//   checkov  every stack, --framework terraform_json --skip-download; findings are resolved in the
//            reviewed list scripts/checkov-skips.yaml (per stack and resource, with a reason)
//   helm     `helm template` of every helm_release with the values and `set` entries it synthesizes, against
//            the chart sources in ../shared/charts; every rendered object validated (built-ins with
//            kubernetes-validate for the cluster's Kubernetes version, custom resources with the CRDs of
//            ../shared/schemas through test/helpers/crd-validation.ts)
//   tflint   every stack with .tflint.hcl (terraform ruleset + the AWS ruleset plugin)
//   actionlint  the GitHub Actions workflows of .github/workflows/ (with shellcheck when it is on the PATH)
//   tofu     opt-in (npm run verify:providers = --only tofu): `tofu init -backend=false && tofu validate` on
//            every stack with the real providers from the filesystem mirror `install-tools.sh --providers` builds
// Tools come from scripts/install-tools.sh (.tools/); a tool that is not installed fails verify, naming why.
// Usage: npm run verify [-- --only checkov,helm,tflint,actionlint,tofu] [-- --no-synth]
// The stacks are synthesized into $CDKTF_OUTDIR (default cdktf.out), like `npm run synth`.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { parse as parseYaml, parseAllDocuments, stringify as stringifyYaml } from "yaml";
import { argocdAppsObjects, projectViolations } from "./argocd-apps.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TOOLS = join(ROOT, ".tools");
/** Charts scripts/install-tools.sh fetched because ../shared/charts lacks them (argo-helm's): read first. */
const TOOL_CHARTS = join(TOOLS, "charts");
const STAMPS = join(TOOLS, "stamps");
const CHARTS_DIR_ENV = "DATA_PLATFORM_CHARTS_DIR";
const SCHEMAS_DIR_ENV = "DATA_PLATFORM_SCHEMAS_DIR";
const SKIPS_FILE = join(ROOT, "scripts/checkov-skips.yaml");

/**
 * Releases whose chart source says another version than the release pins, and why that is the same chart.
 * Key: chart name; `release` is the version the stacks pin, `chartYaml` what the folder's Chart.yaml says.
 */
const CHART_VERSION_EXCEPTIONS = {
  karpenter: {
    release: "1.14.1",
    chartYaml: "1.13.0",
    reason: "the v1.14.1 tag's Chart.yaml says 1.13.0; the release pipeline stamps the version at publish",
  },
  "karpenter-crd": {
    release: "1.14.1",
    chartYaml: "1.13.0",
    reason: "the v1.14.1 tag's Chart.yaml says 1.13.0; the release pipeline stamps the version at publish",
  },
};

/**
 * Chart dependencies that are absent from ../shared/charts although a release enables them. The parent's
 * templates read their values and helpers, so an empty stub cannot stand in: the release is rendered with
 * each of them switched off through its `condition` (the only change to the synthesized values), and each
 * counts as skipped; their objects are not validated. Delete an entry once the shared folder has them.
 */
const ACCEPTED_MISSING_DEPENDENCIES = {
  "kube-prometheus-stack": {
    dependencies: [
      "kube-state-metrics",
      "prometheus-node-exporter",
      "grafana",
      "prometheus-windows-exporter",
    ],
    reason:
      "../shared/charts/kube-prometheus-stack/charts holds only the crds subchart, although its SOURCE.md lists " +
      "the four dependencies as unpacked there (reported; the shared sources are to be completed)",
  },
};

/**
 * Charts released by a stack whose sources ../shared/charts does not hold (CI cannot fetch their
 * repositories): their releases are not rendered, counted as skipped and named in the report. Their
 * values are checked by unit tests against key paths read from the pinned upstream values.yaml.
 * Delete an entry once the shared folder has the chart.
 */
const ACCEPTED_MISSING_CHARTS = {
  topolvm: "TopoLVM 17.1.0 (onprem's node-local volumes) is not in ../shared/charts",
};

/**
 * Charts that render Argo CD Applications from their values (the app-of-apps): expanded here (see
 * scripts/argocd-apps.mjs), their AppProjects and Applications validated against Argo CD's CRDs, and
 * each Application's chart rendered with its values like a helm_release, inside its project's limits.
 */
const APP_OF_APPS_CHARTS = new Set(["argocd-apps"]);

/**
 * Custom resources whose CRDs the cluster brings (not a release of this project) and that
 * ../shared/schemas does not hold: counted as skipped and named in the report.
 */
const EXTERNAL_CRDS = {
  "cert-manager.io/v1|Certificate":
    "cert-manager's Certificate (the brought cluster's own cert-manager issues MinIO's certificate); its CRD is not in ../shared/schemas",
};

const args = process.argv.slice(2);
const onlyArg = args.indexOf("--only");
const ONLY = onlyArg >= 0 ? args[onlyArg + 1].split(",") : ["checkov", "helm", "tflint", "actionlint"];
/** Checks that read no synthesized stack: verify synthesizes only when another check is asked for. */
const STACKLESS = new Set(["actionlint"]);
const work = mkdtempSync(join(tmpdir(), "verify-"));
const summary = [];

const log = (message = "") => console.log(message);
const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function run(cmd, cmdArgs, options = {}) {
  const result = spawnSync(cmd, cmdArgs, {
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    ...options,
    env: { ...process.env, ...options.env },
  });
  if (result.error) throw new Error(`${cmd}: ${result.error.message}`);
  return result;
}

/** Why a tool is not usable (not installed, or its install failed), or undefined when it is. */
function toolProblem(tool, binary, install = "bash scripts/install-tools.sh") {
  const errorFile = join(STAMPS, `${tool}.error`);
  if (existsSync(errorFile)) return readFileSync(errorFile, "utf8").trim();
  if (!existsSync(join(STAMPS, tool))) return `${tool} is not installed: run \`${install}\``;
  if (binary && !existsSync(binary)) return `${tool}: ${binary} is missing: run \`${install}\``;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Synth

function synth() {
  const outdir = resolve(ROOT, process.env.CDKTF_OUTDIR ?? "cdktf.out");
  if (!args.includes("--no-synth")) {
    rmSync(join(outdir, "stacks"), { recursive: true, force: true });
    const env = { ...process.env, CDKTF_OUTDIR: outdir };
    delete env.ENVIRONMENTS; // every environment
    for (const step of [["scripts/build.mjs"], ["dist/main.js"]]) {
      const r = spawnSync(process.execPath, step, { cwd: ROOT, env, stdio: "inherit" });
      if (r.status !== 0) throw new Error(`synth failed: node ${step.join(" ")} exited with ${r.status}`);
    }
  }
  const dir = join(outdir, "stacks");
  const stacks = readdirSync(dir)
    .filter((name) => existsSync(join(dir, name, "cdk.tf.json")))
    .sort()
    .map((name) => ({
      name,
      dir: join(dir, name),
      json: JSON.parse(readFileSync(join(dir, name, "cdk.tf.json"), "utf8")),
    }));
  if (stacks.length === 0) throw new Error(`no stacks in ${dir}`);
  log(`synthesized ${plural(stacks.length, "stack")} into ${relative(ROOT, dir) || dir}`);
  return stacks;
}

const resourcesOf = (stack) =>
  Object.entries(stack.json.resource ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, body]) => ({ type, name, body })),
  );

// ---------------------------------------------------------------------------------------------------------
// checkov

/** `*` matches any run of characters (cdktf's hash suffix too), nothing else is special. */
function globToRegExp(glob) {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

const asList = (v) => (v === undefined ? ["*"] : Array.isArray(v) ? v : [v]);

function loadSkips() {
  const doc = parseYaml(readFileSync(SKIPS_FILE, "utf8")) ?? {};
  const skips = doc.skips ?? [];
  const problems = [];
  skips.forEach((s, i) => {
    const where = `${relative(ROOT, SKIPS_FILE)} entry ${i + 1}${s?.check ? ` (${s.check})` : ""}`;
    if (!isRecord(s) || typeof s.check !== "string" || !/^CKV2?_[A-Z0-9]+_\d+$/.test(s.check))
      problems.push(`${where}: needs a check id such as CKV_AWS_18`);
    else if (s.resources === undefined)
      problems.push(`${where}: needs resources (type.logicalName patterns)`);
    else if (typeof s.reason !== "string" || s.reason.trim().length < 40)
      problems.push(`${where}: needs a reason of substance (40+ characters)`);
    else if (asList(s.resources).some((r) => !/^[a-z0-9_]+\..+/.test(r)))
      problems.push(
        `${where}: resources are <resource type>.<logical name pattern>, e.g. aws_kms_key.Cluster_*`,
      );
  });
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return skips.map((s) => ({
    ...s,
    stackRes: asList(s.stacks).map(globToRegExp),
    resourceRes: asList(s.resources).map(globToRegExp),
    matched: 0,
  }));
}

/**
 * checkov 3.3.x's terraform_json parser crashes on a `terraform` block holding a plain value (cdktf writes
 * `required_version`): bridgecrewio/checkov#7454, fix in PR #7467 (unmerged). checkov reads a copy of each
 * stack without those plain values (no check reads them); everything else is the synthesized file as is.
 */
function checkovInput(stacks) {
  const dir = join(work, "checkov");
  for (const stack of stacks) {
    const terraform = Object.entries(stack.json.terraform ?? {}).filter(([, v]) => isRecord(v));
    const json = { ...stack.json, terraform: Object.fromEntries(terraform) };
    mkdirSync(join(dir, stack.name), { recursive: true });
    writeFileSync(join(dir, stack.name, "cdk.tf.json"), JSON.stringify(json, null, 2));
  }
  return dir;
}

/**
 * The plain manifests Argo CD applies (Applications of the argocd-apps chart's item templates, the
 * ManifestBundles), per stack and Application: the app-of-apps release's values expanded as the chart
 * does, recursively through the Applications whose source is that chart. Terraform's escapes undone.
 */
function deliveredManifests(stack) {
  const found = [];
  const expand = (values, application) => {
    for (const object of argocdAppsObjects(values)) {
      if (object.kind === "Application") {
        const source = object.spec.source ?? {};
        if (APP_OF_APPS_CHARTS.has(source.chart))
          expand(source.helm?.valuesObject ?? {}, object.metadata.name);
      } else if (object.kind !== "AppProject" && application) found.push({ application, object });
    }
  };
  for (const body of Object.values(stack.json.resource?.helm_release ?? {})) {
    if (!APP_OF_APPS_CHARTS.has(body.chart)) continue;
    const values = (body.values ?? [])
      .map((text) => parseYaml(text.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{")) ?? {})
      .reduce((acc, doc) => deepMerge(acc, doc), {});
    expand(values, undefined);
  }
  return found;
}

/** checkov over a folder, in one framework: its JSON report, or an error. */
function checkovReport(bin, framework, dir) {
  const r = run(
    bin,
    ["--framework", framework, "--skip-download", "--quiet", "--compact", "-o", "json", "-d", "."],
    {
      cwd: dir,
      env: { BC_SKIP_MAPPING: "TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: "false" },
    },
  );
  try {
    const report = JSON.parse(r.stdout);
    if (report.summary.parsing_errors > 0) {
      return {
        error: `checkov (${framework}) could not parse ${report.summary.parsing_errors} file(s):\n${r.stderr.slice(-3000)}`,
      };
    }
    return { report };
  } catch {
    return { error: `checkov (${framework}) printed no JSON report:\n${r.stderr.slice(-3000)}` };
  }
}

function checkov(stacks) {
  const bin = join(TOOLS, "venv/bin/checkov");
  const problem = toolProblem("checkov", bin);
  if (problem) return { failed: 1, passed: 0, skipped: 0, errors: [problem] };
  const version = run(bin, ["--version"]).stdout.trim();
  const skips = loadSkips();
  const errors = [];
  const failures = [];
  let skipped = 0;
  let passed = 0;
  let results = 0;
  /** Resolves a finding against the reviewed skips, or records it as a failure. */
  const resolveFinding = (f, stack, address) => {
    const skip = skips.find(
      (s) =>
        s.check === f.check_id &&
        s.stackRes.some((re) => re.test(stack)) &&
        s.resourceRes.some((re) => re.test(address)),
    );
    if (skip) {
      skip.matched += 1;
      skipped += 1;
    } else {
      failures.push(
        `${stack}: ${f.check_id} ${address}: ${f.check_name}${f.guideline ? ` (${f.guideline})` : ""}`,
      );
    }
  };

  // The stacks, as Terraform JSON.
  const tf = checkovReport(bin, "terraform_json", checkovInput(stacks));
  const typeOf = new Map(
    stacks.flatMap((s) => resourcesOf(s).map((res) => [`${s.name}/${res.name}`, res.type])),
  );
  if (tf.error) errors.push(tf.error);
  else {
    passed += tf.report.summary.passed;
    results += tf.report.summary.passed + tf.report.summary.failed;
    for (const f of tf.report.results.failed_checks) {
      const stack = f.file_path.replace(/^\//, "").split("/")[0];
      // Resource checks name `resource.<logical name>`, graph checks `<type>.<logical name>`.
      const name = f.resource.replace(/^resource\./, "").replace(/^[a-z0-9_]+\./, "");
      resolveFinding(f, stack, `${typeOf.get(`${stack}/${name}`) ?? f.resource.split(".")[0]}.${name}`);
    }
  }

  // The manifests Argo CD applies (no Terraform resource holds them), in checkov's kubernetes framework;
  // a finding's address is `argocd_manifest.<Application>/<Kind>.<namespace>.<name>`.
  const manifestDir = join(work, "checkov-manifests");
  let manifests = 0;
  for (const stack of stacks) {
    const byApplication = new Map();
    for (const m of deliveredManifests(stack)) {
      byApplication.set(m.application, [...(byApplication.get(m.application) ?? []), m]);
    }
    for (const [application, items] of byApplication) {
      mkdirSync(join(manifestDir, stack.name), { recursive: true });
      writeFileSync(
        join(manifestDir, stack.name, `${application}.yaml`),
        items.map((m) => stringifyYaml(m.object)).join("---\n"),
      );
      manifests += items.length;
    }
  }
  if (manifests > 0) {
    const k8s = checkovReport(bin, "kubernetes", manifestDir);
    if (k8s.error) errors.push(k8s.error);
    else {
      passed += k8s.report.summary.passed;
      results += k8s.report.summary.passed + k8s.report.summary.failed;
      for (const f of k8s.report.results.failed_checks) {
        const [stack, file] = f.file_path.replace(/^\//, "").split("/");
        resolveFinding(f, stack, `argocd_manifest.${file.replace(/\.yaml$/, "")}/${f.resource}`);
      }
    }
  }

  for (const s of skips.filter((x) => x.matched === 0)) {
    errors.push(
      `stale skip in ${relative(ROOT, SKIPS_FILE)}: ${s.check} on ${asList(s.resources).join(", ")} ` +
        `(stacks ${asList(s.stacks).join(", ")}) matches no finding: delete it`,
    );
  }
  log(
    `  ${version}; ${plural(stacks.length, "stack")}, ${typeOf.size} resources and ` +
      `${plural(manifests, "Argo CD manifest")}; ${results} check results; ` +
      `${skips.length} reviewed skip entries (${relative(ROOT, SKIPS_FILE)}) resolved ${skipped} findings`,
  );
  for (const s of skips.filter((x) => x.matched > 0)) {
    const todo = /^TO FIX/.test(s.reason.trim()) ? " [TO FIX]" : "";
    log(
      `  skipped ${s.check} x${s.matched}${todo}: ${asList(s.resources).join(", ")} in ${asList(s.stacks).join(", ")}`,
    );
  }
  failures.forEach((f) => log(`  FAILED ${f}`));
  return { passed, failed: failures.length + errors.length, skipped, errors };
}

// ---------------------------------------------------------------------------------------------------------
// helm

/**
 * A folder of ../shared (`charts` or `schemas`): $<envVar>, else `<repo>/../shared/<name>`, else next to the
 * working copy this clone was made from (`git clone . /tmp/x`): the rule of test/helpers/crd-validation.ts.
 */
function sharedDir(name, envVar) {
  const fromEnv = process.env[envVar];
  const candidates = [];
  if (fromEnv !== undefined) candidates.push(fromEnv);
  else {
    candidates.push(resolve(ROOT, "../shared", name));
    const origin = run("git", ["-C", ROOT, "remote", "get-url", "origin"]).stdout?.trim();
    if (origin && isAbsolute(origin) && existsSync(origin))
      candidates.push(resolve(origin, "../shared", name));
  }
  const found = candidates.find((d) => existsSync(d));
  if (!found) {
    const how = fromEnv === undefined ? `default; ${envVar} is not set` : `from ${envVar}`;
    throw new Error(`${name} directory ${candidates.join(" or ")} (${how}) does not exist: set ${envVar}`);
  }
  return found;
}

/** test/helpers/crd-validation.ts bundled for node into node_modules/.cache (where its dependencies resolve
 *  and no linter looks); it reads the CRDs from $DATA_PLATFORM_SCHEMAS_DIR, which verify sets. */
async function crdValidation(schemas) {
  const outfile = join(ROOT, "node_modules/.cache/verify/crd-validation.cjs");
  await build({
    entryPoints: [join(ROOT, "test/helpers/crd-validation.ts")],
    outfile,
    bundle: true,
    packages: "external",
    format: "cjs",
    platform: "node",
    target: "node20",
    logLevel: "warning",
  });
  process.env[SCHEMAS_DIR_ENV] = schemas;
  return createRequire(import.meta.url)(outfile);
}

/**
 * Kubernetes evaluates CRD `pattern`s with Go's regexp, which has inline flags (`(?i)`) that JavaScript's
 * RegExp rejects, so crd-validation.ts cannot compile such a schema (prometheus-operator's PrometheusRule).
 * verify validates against a temporary copy of the schemas in which `(?i)` is spelled out (`a` → `[aA]`),
 * which matches the same strings; every rewritten pattern is printed. The shared files are not touched.
 */
function jsCompatibleSchemas(schemas, notes) {
  const copy = join(work, "schemas");
  cpSync(schemas, copy, { recursive: true });
  const rewrite = (node, file) => {
    if (Array.isArray(node)) return node.map((n) => rewrite(n, file));
    if (!isRecord(node)) return node;
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === "pattern" && typeof v === "string" && v.includes("(?i)")) {
        out[k] = caseInsensitive(v.replace("(?i)", ""));
        notes.push(
          `${file}: pattern ${v} validated as ${out[k]} (Go inline flag spelled out for JavaScript)`,
        );
      } else out[k] = rewrite(v, file);
    }
    return out;
  };
  for (const component of readdirSync(copy).filter((c) => statSync(join(copy, c)).isDirectory())) {
    for (const file of readdirSync(join(copy, component)).filter((f) => /\.ya?ml$/.test(f))) {
      const path = join(copy, component, file);
      const text = readFileSync(path, "utf8");
      if (!text.includes("(?i)")) continue;
      const docs = parseAllDocuments(text).map((d) => rewrite(d.toJS(), `${component}/${file}`));
      rmSync(path, { force: true });
      writeFileSync(path, docs.map((d) => JSON.stringify(d)).join("\n---\n"));
    }
  }
  return copy;
}

/** Letters outside character classes and escapes become `[xX]`: a case-insensitive pattern without flags. */
function caseInsensitive(pattern) {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === "\\") {
      out += c + (pattern[i + 1] ?? "");
      i += 1;
    } else if (inClass) {
      out += c; // kept as written (ranges would need care): no CRD we validate has one under (?i)
      if (c === "]") inClass = false;
    } else if (c === "[") {
      inClass = true;
      out += c;
    } else out += /[a-z]/i.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

/** Every CRD of the upstream schemas: `<apiVersion>|<kind>` → where it is. */
function crdIndex(schemasDir) {
  const index = new Map();
  for (const component of readdirSync(schemasDir)) {
    const dir = join(schemasDir, component);
    if (!statSync(dir).isDirectory()) continue;
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
        const crd = doc.toJS();
        if (crd?.kind !== "CustomResourceDefinition") continue;
        for (const v of crd.spec.versions ?? []) {
          if (v.served)
            index.set(`${crd.spec.group}/${v.name}|${crd.spec.names.kind}`, {
              component,
              file,
              version: v.name,
              group: crd.spec.group,
              kind: crd.spec.names.kind,
              scope: crd.spec.scope,
            });
        }
      }
    }
  }
  return index;
}

/** The cluster a stack deploys to: the stack holding its aws_eks_cluster (itself, or a stack it reads remote
 *  state of, transitively) and that cluster's Kubernetes version; undefined when there is none. */
function clusterOf(stack, byName, seen = new Set()) {
  const own = Object.values(stack.json.resource?.aws_eks_cluster ?? {}).map((c) => c.version);
  if (own.length > 0) return { cluster: stack.name, version: own[0] };
  seen.add(stack.name);
  const refs = Object.keys(stack.json.data?.terraform_remote_state ?? {})
    .map((k) => /^cross-stack-reference-input-(.+)$/.exec(k)?.[1])
    .filter((ref) => ref && byName.has(ref) && !seen.has(ref));
  for (const ref of refs) {
    const found = clusterOf(byName.get(ref), byName, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * Where no stack holds an EKS cluster (a brought cluster, `cluster.mode: kubeconfig`): the environment's
 * `cluster.kubernetesVersion` from the config if it has one, else the project's DEFAULT_KUBERNETES_VERSION
 * (both read from dist/, which the synth builds); verify prints which.
 */
function configVersions() {
  const req = createRequire(import.meta.url);
  const { loadEnvironments } = req(join(ROOT, "dist/config/load.js"));
  const { DEFAULT_KUBERNETES_VERSION } = req(join(ROOT, "dist/config/kubernetes-versions.js"));
  const byEnv = new Map(loadEnvironments().map((e) => [e.name, e.cluster?.kubernetesVersion]));
  return (stackName) => {
    const env = [...byEnv.keys()]
      .filter((name) => stackName.startsWith(`${name}-`))
      .sort((a, b) => b.length - a.length)[0];
    const own = env && byEnv.get(env);
    if (own) return { version: own, how: `cluster.kubernetesVersion of environment ${env}` };
    return {
      version: DEFAULT_KUBERNETES_VERSION,
      how: `no EKS cluster and no cluster.kubernetesVersion${env ? ` for ${env}` : ""}: the project's DEFAULT_KUBERNETES_VERSION`,
    };
  };
}

/** The body of every `${...}` of a Terraform template string, with its position. */
function tokensIn(s) {
  const out = [];
  for (let i = 0; i < s.length - 1; i += 1) {
    if (s[i] === "$" && s[i + 1] === "$" && s[i + 2] === "{") {
      i += 2; // `$${` is a literal `${`
      continue;
    }
    if (s[i] !== "$" || s[i + 1] !== "{") continue;
    let depth = 0;
    let quote = false;
    for (let j = i + 1; j < s.length; j += 1) {
      const c = s[j];
      if (quote) {
        if (c === "\\") j += 1;
        else if (c === '"') quote = false;
      } else if (c === '"') quote = true;
      else if (c === "{") depth += 1;
      else if (c === "}" && (depth -= 1) === 0) {
        out.push({ start: i, end: j + 1, expr: s.slice(i + 2, j) });
        i = j;
        break;
      }
    }
  }
  return out;
}

/** EC2 id prefixes, for placeholders of `<type>.id` (a subnet id must look like `subnet-...`). */
const EC2_ID_PREFIXES = {
  subnet: "subnet",
  security_group: "sg",
  vpc: "vpc",
  launch_template: "lt",
  internet_gateway: "igw",
  nat_gateway: "nat",
  route_table: "rtb",
  eip: "eipalloc",
  instance: "i",
  ami: "ami",
  network_interface: "eni",
};

/**
 * A placeholder of the type the field expects, for a Terraform expression that has no value before apply.
 * Decided by the last attribute the expression reads (cross-stack outputs end with the attribute too).
 * Documented in README ("Verify with real tools").
 */
function placeholder(expr, context) {
  const attr = (/([A-Za-z0-9_]+)\)*\s*$/.exec(expr)?.[1] ?? "").toLowerCase();
  const type =
    /\baws_([a-z0-9_]+?)\.[A-Za-z]/.exec(expr)?.[1] ?? /aws_([a-z0-9_]+?)[A-Z]/.exec(expr)?.[1] ?? "";
  const { region, account } = context;
  if (/(endpoint|url)$/.test(attr)) return "https://verify-placeholder.example.com";
  if (/arn$/.test(attr)) {
    if (/^iam_role/.test(type)) return `arn:aws:iam::${account}:role/verify-placeholder`;
    if (/^sqs_queue/.test(type)) return `arn:aws:sqs:${region}:${account}:verify-placeholder`;
    if (/^kms_key/.test(type))
      return `arn:aws:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`;
    const service = type.split("_")[0] || "iam";
    return `arn:aws:${service}:${region}:${account}:verify-placeholder`;
  }
  if (/(certificate_authority|_data|ca)$/.test(attr)) return "dmVyaWZ5LXBsYWNlaG9sZGVy"; // base64
  if (/cidr/.test(attr)) return "10.0.0.0/16";
  if (/(port|count|replicas|size|number)$/.test(attr)) return context.whole ? 1 : "1";
  if (/(_ip|address)$/.test(attr)) return "10.0.0.1";
  if (/^(url|queue_url)$/.test(attr)) return "https://verify-placeholder.example.com";
  if (/region$/.test(attr)) return region;
  if (/account(_id)?$/.test(attr)) return account;
  if (/id$/.test(attr)) {
    if (type === "kms_key") return "00000000-0000-0000-0000-000000000000";
    const prefix = Object.entries(EC2_ID_PREFIXES).find(([t]) => type.startsWith(t))?.[1];
    return prefix ? `${prefix}-0123456789abcdef0` : "verify-placeholder-id";
  }
  return "verify-placeholder";
}

/** A value with every Terraform interpolation replaced by a placeholder; collects what was replaced. */
function substitute(value, context, replaced) {
  if (typeof value === "string") {
    const tokens = tokensIn(value);
    if (tokens.length === 0) return value.replace(/\$\$\{/g, "${");
    if (tokens.length === 1 && tokens[0].start === 0 && tokens[0].end === value.length) {
      const p = placeholder(tokens[0].expr, { ...context, whole: true });
      replaced.push(`\${${tokens[0].expr}} -> ${JSON.stringify(p)}`);
      return p;
    }
    let out = "";
    let at = 0;
    for (const t of tokens) {
      const p = String(placeholder(t.expr, { ...context, whole: false }));
      replaced.push(`\${${t.expr}} -> ${JSON.stringify(p)}`);
      out += value.slice(at, t.start).replace(/\$\$\{/g, "${") + p;
      at = t.end;
    }
    return out + value.slice(at).replace(/\$\$\{/g, "${");
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, context, replaced));
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, context, replaced)]));
  return value;
}

/** `--set` syntax: backslash-escape the characters helm's strvals parser splits on. */
const setEscape = (v) => String(v).replace(/([\\,])/g, "\\$1");

/** A concrete version inside a dependency's constraint (`0.12.*` → `0.12.0`), for a stub's Chart.yaml. */
function stubVersion(constraint) {
  const parts = String(constraint)
    .replace(/[^0-9.]/g, "")
    .split(".")
    .filter(Boolean);
  while (parts.length < 3) parts.push("0");
  return parts.slice(0, 3).join(".");
}

function deepMerge(base, over) {
  if (!isRecord(base) || !isRecord(over)) return over;
  const out = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

/** `a.b.c` (helm's `--set` path, `\.` for a literal dot) → nested object with that value. */
function pathValue(path, value) {
  const keys = path.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, "."));
  return keys.reduceRight((acc, key) => ({ [key]: acc }), value);
}

function getPath(values, path) {
  return path.split(".").reduce((v, k) => (isRecord(v) ? v[k] : undefined), values);
}

/** Helm's rule: the first condition path that is a boolean decides; then tags; else the dependency is on. */
function dependencyEnabled(dep, values) {
  for (const path of (dep.condition ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const v = getPath(values, path);
    if (typeof v === "boolean") return v;
  }
  const tags = (dep.tags ?? []).map((t) => values.tags?.[t]).filter((v) => typeof v === "boolean");
  if (tags.length > 0) return tags.some(Boolean);
  return true;
}

/** The chart folder for a release; a copy with stub dependencies when the source lacks one (reported). */
function chartFor(release, charts, notes, releaseValues) {
  const chart = release.chart;
  const dir = join(charts, chart);
  if (!existsSync(join(dir, "Chart.yaml"))) {
    const known = readdirSync(charts).filter((d) => existsSync(join(charts, d, "Chart.yaml")));
    return {
      error: `chart "${chart}" (${release.repository ?? "no repository"}) has no folder in ${charts} (has: ${known.join(", ")})`,
    };
  }
  const meta = parseYaml(readFileSync(join(dir, "Chart.yaml"), "utf8"));
  if (meta.name !== chart) return { error: `${dir}/Chart.yaml names chart "${meta.name}", not "${chart}"` };
  const exception = CHART_VERSION_EXCEPTIONS[chart];
  const expected = exception && exception.release === release.version ? exception.chartYaml : release.version;
  if (release.version !== undefined && String(meta.version) !== String(expected)) {
    return { error: `release pins ${chart} ${release.version} but ${dir}/Chart.yaml says ${meta.version}` };
  }
  if (exception && exception.release === release.version) {
    notes.push(`${chart} ${release.version}: Chart.yaml says ${meta.version} (${exception.reason})`);
  }
  const present = existsSync(join(dir, "charts")) ? readdirSync(join(dir, "charts")) : [];
  const missing = (meta.dependencies ?? []).filter(
    (d) => !present.some((p) => p === d.name || p === `${d.name}-${d.version}.tgz`),
  );
  if (missing.length === 0) return { dir };
  // A missing dependency may be stubbed only when the release disables it (the stub renders nothing).
  const valuesFile = join(dir, "values.yaml");
  const defaults = existsSync(valuesFile) ? (parseYaml(readFileSync(valuesFile, "utf8")) ?? {}) : {};
  const values = releaseValues.reduce(deepMerge, defaults);
  const accepted = ACCEPTED_MISSING_DEPENDENCIES[chart];
  const isAccepted = (d) => accepted?.dependencies.includes(d.name);
  const enabled = missing.filter((d) => dependencyEnabled(d, values) && !isAccepted(d));
  const skipped = missing.filter((d) => dependencyEnabled(d, values) && isAccepted(d));
  if (enabled.length > 0) {
    const list = enabled.map((d) => `${d.name} ${d.version}${d.condition ? ` (${d.condition})` : ""}`);
    return {
      error: `enabled dependencies missing from ${dir}/charts, so the chart cannot render what it installs: ${list.join(", ")}`,
    };
  }
  const disable = [];
  for (const d of skipped) {
    const condition = (d.condition ?? "").split(",")[0].trim();
    if (!condition) return { error: `dependency ${d.name} is absent and has no condition to switch it off` };
    disable.push(condition);
    notes.push(
      `${chart}: dependency ${d.name} ${d.version} is enabled but absent: rendered with ${condition}=false, ` +
        `SKIPPED (${accepted.reason})`,
    );
  }
  const copy = join(work, "charts", `${chart}-${release.version}`);
  if (!existsSync(copy)) {
    cpSync(dir, copy, { recursive: true });
    for (const d of missing) {
      mkdirSync(join(copy, "charts", d.name), { recursive: true });
      writeFileSync(
        join(copy, "charts", d.name, "Chart.yaml"),
        `apiVersion: v2\nname: ${d.name}\nversion: ${stubVersion(d.version)}\n`,
      );
      if (!isAccepted(d) || !dependencyEnabled(d, values)) {
        notes.push(
          `${chart}: dependency ${d.name} ${d.version} is not in the chart source and disabled (${d.condition}); stubbed in a temporary copy`,
        );
      }
    }
  }
  return { dir: copy, skipped: skipped.map((d) => d.name), disable };
}

/** CustomResourceDefinitions rendered by the releases, written where crd-validation.ts can read them:
 *  `<cluster>|<apiVersion>|<kind>` → { dir, component, file, version }. */
function renderedCrds(objects) {
  const index = new Map();
  for (const o of objects.filter((x) => x.object.kind === "CustomResourceDefinition" && x.cluster)) {
    const crd = o.object;
    const dir = join(work, "rendered-crds", o.cluster);
    const file = `${crd.metadata.name}.yaml`;
    mkdirSync(join(dir, "rendered"), { recursive: true });
    writeFileSync(join(dir, "rendered", file), JSON.stringify(crd));
    for (const v of crd.spec?.versions ?? []) {
      const key = `${o.cluster}|${crd.spec.group}/${v.name}|${crd.spec.names.kind}`;
      if (v.served && !index.has(key)) index.set(key, { dir, component: "rendered", file, version: v.name });
    }
  }
  return index;
}

function helmReleases(stacks) {
  return stacks.flatMap((stack) =>
    Object.entries(stack.json.resource?.helm_release ?? {}).map(([name, body]) => ({ stack, name, body })),
  );
}

async function helm(stacks) {
  const bin = join(TOOLS, "bin/helm");
  const releases = helmReleases(stacks);
  const problems = [
    toolProblem("helm", bin),
    toolProblem("kubernetes-validate", join(TOOLS, "venv/bin/python")),
  ].filter(Boolean);
  if (problems.length) return { passed: 0, failed: problems.length, skipped: 0, errors: problems };
  const helmVersion = run(bin, ["version", "--short"]).stdout.trim();
  const charts = sharedDir("charts", CHARTS_DIR_ENV);
  const schemas = sharedDir("schemas", SCHEMAS_DIR_ENV);
  const errors = [];
  const notes = [];
  const validationSchemas = jsCompatibleSchemas(schemas, notes);
  const crdHelper = await crdValidation(validationSchemas);
  const crds = crdIndex(schemas);
  const apiVersions = [
    ...new Set(
      [...crds.keys()].flatMap((k) => {
        const [apiVersion, kind] = k.split("|");
        return [apiVersion, `${apiVersion}/${kind}`];
      }),
    ),
  ];
  const byName = new Map(stacks.map((s) => [s.name, s]));
  let fromConfig;
  const clusterFor = (stack) => {
    const found = clusterOf(stack, byName);
    if (found) return found;
    fromConfig ??= configVersions();
    const { version, how } = fromConfig(stack.name);
    notes.push(`${stack.name}: Kubernetes ${version} (${how})`);
    return { cluster: stack.name, version };
  };
  const helmEnv = {
    HELM_CACHE_HOME: join(work, "helm/cache"),
    HELM_CONFIG_HOME: join(work, "helm/config"),
    HELM_DATA_HOME: join(work, "helm/data"),
  };
  const objects = []; // { id, cluster, version, object }
  let skippedDependencies = 0;
  let rendered = 0;
  const queue = releases.map((release) => ({ ...release, label: `helm_release.${release.name}` }));
  const projects = new Map(); // `${stack}|${name}` -> AppProject
  const projectChecks = []; // { label, project, namespace, docs }: checked once every CRD is known
  let delivered = 0;
  let mirrored = 0; // app-of-apps expansions checked against helm template of the real chart
  while (queue.length > 0) {
    const { stack, name, body, label: what, project } = queue.shift();
    const label = `${stack.name}: ${what} (${body.chart} ${body.version})`;
    const { cluster, version } = clusterFor(stack);
    if (!version) {
      errors.push(`${label}: no Kubernetes version (no aws_eks_cluster in the stack or a stack it reads)`);
      continue;
    }
    const context = awsContext(stack);
    const replaced = [];
    const valueDocs = (body.values ?? []).map((text) => substitute(parseYaml(text) ?? {}, context, replaced));
    const sets = [body.set ?? [], body.set_sensitive ?? []]
      .flat()
      .map((x) => ({ ...x, value: substitute(x.value, context, replaced) }));
    const lists = (body.set_list ?? []).map((x) => ({ ...x, value: substitute(x.value, context, replaced) }));
    const typed = (x) =>
      x.type !== "string" && /^(true|false)$/.test(String(x.value))
        ? x.value === "true" || x.value === true
        : x.value;
    const merged = [
      ...valueDocs,
      ...sets.map((x) => pathValue(x.name, typed(x))),
      ...lists.map((x) => pathValue(x.name, x.value)),
    ];
    if (APP_OF_APPS_CHARTS.has(body.chart)) {
      const values = merged.reduce((acc, doc) => deepMerge(acc, doc), {});
      const rendered = argocdAppsObjects(values);
      // The expansion, checked against helm template of the real chart where install-tools fetched it.
      const real = join(TOOL_CHARTS, body.chart);
      let how = "expanded as the chart's templates; the chart is not in .tools/charts";
      if (existsSync(join(real, "Chart.yaml"))) {
        const file = join(work, "values", stack.name, `${name}-${rendered.length}-${mirrored}.json`);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(values));
        const r = run(
          bin,
          ["template", body.name, real, "--namespace", body.namespace ?? "default", "--values", file],
          {
            env: helmEnv,
          },
        );
        // Objects compared whatever their key order (helm writes YAML maps sorted).
        const canonical = (v) =>
          Array.isArray(v)
            ? v.map(canonical)
            : isRecord(v)
              ? Object.fromEntries(
                  Object.keys(v)
                    .sort()
                    .map((k) => [k, canonical(v[k])]),
                )
              : v;
        const byKey = (docs) =>
          JSON.stringify(
            docs
              .map((d) => [`${d.kind}/${d.metadata?.name}`, canonical(d)])
              .sort(([a], [b]) => a.localeCompare(b)),
          );
        const fromHelm =
          r.status === 0
            ? parseAllDocuments(r.stdout)
                .map((d) => d.toJS())
                .filter(isRecord)
            : [];
        if (r.status !== 0) errors.push(`${label}: helm template of ${real} failed:\n    ${r.stderr.trim()}`);
        else if (byKey(fromHelm) !== byKey(rendered)) {
          how = "expanded; differs from helm template of the chart";
          errors.push(
            `${label}: the expansion differs from helm template of ${body.chart} ${body.version} (scripts/argocd-apps.mjs is out of date)`,
          );
        } else {
          how = "expanded, and identical to helm template of the chart";
          mirrored += 1;
        }
      }
      log(`  ${label}: ${plural(rendered.length, "object")} (${how})`);
      for (const object of rendered) {
        objects.push({ id: `${label} ${object.kind}/${object.metadata.name}`, cluster, version, object });
        if (object.kind === "AppProject") projects.set(`${stack.name}|${object.metadata.name}`, object);
      }
      if (project) {
        // An Application of plain manifests (a ManifestBundle): its objects, inside its project too.
        delivered += 1;
        projectChecks.push({ label, project, namespace: body.namespace, docs: rendered });
      }
      for (const app of rendered.filter((o) => o.kind === "Application")) {
        const source = app.spec.source ?? {};
        const appProject = `${stack.name}|${app.spec.project}`;
        queue.push({
          stack,
          name,
          label: `${what} Application/${app.metadata.name}`,
          project: appProject,
          body: {
            chart: source.chart,
            version: source.targetRevision,
            repository: source.repoURL,
            name: source.helm?.releaseName ?? app.metadata.name,
            namespace: app.spec.destination?.namespace,
            // Already substituted once, with Terraform's escapes undone: escaped again for the second pass.
            values: [
              JSON.stringify(source.helm?.valuesObject ?? {})
                .replace(/\$\{/g, () => "$${")
                .replace(/%\{/g, () => "%%{"),
            ],
            skip_crds: source.helm?.skipCrds === true,
          },
        });
      }
      continue;
    }
    const chartsRoot = existsSync(join(TOOL_CHARTS, body.chart, "Chart.yaml")) ? TOOL_CHARTS : charts;
    if (ACCEPTED_MISSING_CHARTS[body.chart] && !existsSync(join(chartsRoot, body.chart, "Chart.yaml"))) {
      notes.push(`${label}: not rendered: ${ACCEPTED_MISSING_CHARTS[body.chart]}`);
      skippedDependencies += 1;
      continue;
    }
    const chart = chartFor(body, chartsRoot, notes, merged);
    if (chart.error) {
      errors.push(`${label}: ${chart.error}`);
      continue;
    }
    skippedDependencies += chart.skipped?.length ?? 0;
    const flags = ["template", body.name, chart.dir, "--namespace", body.namespace ?? "default"];
    flags.push("--kube-version", `v${version.split(".").length === 2 ? `${version}.0` : version}`);
    for (const a of apiVersions) flags.push("--api-versions", a);
    // What the helm provider installs: CRDs unless skip_crds, hooks but not test hooks.
    if (body.skip_crds !== true) flags.push("--include-crds");
    flags.push("--skip-tests");
    valueDocs.forEach((values, i) => {
      const file = join(work, "values", stack.name, name, `${i}.json`);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(values));
      flags.push("--values", file);
    });
    for (const x of sets)
      flags.push(x.type === "string" ? "--set-string" : "--set", `${x.name}=${setEscape(x.value)}`);
    for (const x of lists) flags.push("--set", `${x.name}={${x.value.map(setEscape).join(",")}}`);
    for (const condition of chart.disable ?? []) flags.push("--set", `${condition}=false`);
    const r = run(bin, flags, { env: helmEnv });
    if (r.status !== 0) {
      errors.push(
        `${label}: helm template refused to render:\n    ${r.stderr.trim().split("\n").join("\n    ")}`,
      );
      continue;
    }
    rendered += 1;
    if (project) {
      // Argo CD renders the chart at every refresh: output that changes (randAlphaNum, genCA without a
      // lookup, timestamps) reads OutOfSync forever, and holds back every later sync wave.
      const again = run(bin, flags, { env: helmEnv });
      if (again.stdout !== r.stdout) {
        const a = r.stdout.split("\n");
        const b = again.stdout.split("\n");
        const line = a.findIndex((text, i) => text !== b[i]);
        errors.push(
          `${label}: renders differently each time (line ${line + 1}: "${a[line]?.slice(0, 120)}"): Argo CD would read it OutOfSync forever`,
        );
      }
    }
    const docs = parseAllDocuments(r.stdout)
      .map((d) => d.toJS())
      .filter((d) => isRecord(d));
    log(
      `  ${label}: Kubernetes ${version}, ${plural(docs.length, "object")}` +
        `${replaced.length ? `; placeholders: ${replaced.join("; ")}` : ""}`,
    );
    docs.forEach((object, i) =>
      objects.push({ id: `${label} ${object.kind}/${object.metadata?.name ?? i}`, cluster, version, object }),
    );
    if (project) {
      delivered += 1;
      projectChecks.push({ label, project, namespace: body.namespace, docs });
    }
    errors.push(...danglingTargets(label, docs));
  }
  // kubernetes_manifest resources are objects the stacks apply directly: validated the same way.
  let manifests = 0;
  for (const stack of stacks) {
    if (!stack.json.resource?.kubernetes_manifest) continue;
    const { cluster, version } = clusterFor(stack);
    for (const [name, body] of Object.entries(stack.json.resource?.kubernetes_manifest ?? {})) {
      const label = `${stack.name}: kubernetes_manifest.${name}`;
      if (!version) {
        errors.push(`${label}: no Kubernetes version (no aws_eks_cluster in the stack or a stack it reads)`);
        continue;
      }
      const context = awsContext(stack);
      const object = substitute(body.manifest, context, []);
      objects.push({ id: `${label} ${object.kind}/${object.metadata?.name}`, cluster, version, object });
      manifests += 1;
    }
  }
  // Custom resources: the CRDs of ../shared/schemas first, else a CRD that a release renders for the same
  // cluster (kube-prometheus-stack's Prometheus, Alertmanager, ...); everything else: kubernetes-validate.
  // AppProjects: every object of a delivered chart inside its project, scopes from the CRDs rendered or in
  // ../shared/schemas and Kubernetes' built-in kinds.
  const scopes = new Map([...crds.values()].map((c) => [`${c.group}|${c.kind}`, c.scope]));
  for (const o of objects.filter((x) => x.object.kind === "CustomResourceDefinition"))
    scopes.set(`${o.object.spec?.group}|${o.object.spec?.names?.kind}`, o.object.spec?.scope);
  for (const check of projectChecks) {
    const appProject = projects.get(check.project);
    if (!appProject) {
      errors.push(
        `${check.label}: its AppProject ${check.project.split("|")[1]} is not rendered by the app-of-apps`,
      );
      continue;
    }
    errors.push(
      ...projectViolations(appProject, check.namespace, check.docs, scopes).map(
        (p) => `${check.label}: ${p}`,
      ),
    );
  }
  const renderedIndex = renderedCrds(objects);
  const crdFor = (o) => {
    const key = `${o.object.apiVersion}|${o.object.kind}`;
    if (crds.has(key)) return { ...crds.get(key), dir: validationSchemas };
    return renderedIndex.get(`${o.cluster}|${key}`);
  };
  const external = objects.filter((o) => EXTERNAL_CRDS[`${o.object.apiVersion}|${o.object.kind}`]);
  external.forEach((o) =>
    notes.push(`${o.id}: not validated: ${EXTERNAL_CRDS[`${o.object.apiVersion}|${o.object.kind}`]}`),
  );
  skippedDependencies += external.length;
  const validated = objects.filter((o) => !external.includes(o));
  const custom = validated.filter((o) => crdFor(o));
  const builtin = validated.filter((o) => !crdFor(o));
  let passed = 0;
  for (const o of custom) {
    const { component, file, version, dir } = crdFor(o);
    let problems;
    process.env[SCHEMAS_DIR_ENV] = dir;
    try {
      problems = crdHelper.crdValidator(component, file, version)(o.object);
    } catch (error) {
      problems = [
        `the CRD's schema could not be used: ${error instanceof Error ? error.message : String(error)}`,
      ];
    } finally {
      process.env[SCHEMAS_DIR_ENV] = validationSchemas;
    }
    const where = dir === validationSchemas ? `${component}/${file}` : `the CRD rendered for ${o.cluster}`;
    if (problems.length === 0) passed += 1;
    else errors.push(`${o.id}: invalid against ${where}:\n    ${problems.join("\n    ")}`);
  }
  if (builtin.length > 0) {
    const r = run(join(TOOLS, "venv/bin/python"), [join(ROOT, "scripts/k8s-validate.py")], {
      input: JSON.stringify(builtin),
    });
    if (r.status !== 0) errors.push(`kubernetes-validate failed:\n${r.stderr.slice(-3000)}`);
    else {
      const byId = new Map(builtin.map((o) => [o.id, o]));
      for (const res of JSON.parse(r.stdout)) {
        if (res.status === "valid") passed += 1;
        else if (res.status === "no-schema") {
          errors.push(
            `${res.id}: no schema: not a built-in kind of Kubernetes ${byId.get(res.id).version}, no CRD in ${schemas} nor rendered for ${byId.get(res.id).cluster} (${res.error})`,
          );
        } else errors.push(`${res.id}: ${res.error}`);
      }
    }
  }
  const kinds = new Map();
  objects.forEach((o) => kinds.set(o.object.kind, (kinds.get(o.object.kind) ?? 0) + 1));
  [...new Set(notes)].forEach((n) => log(`  note: ${n}`));
  log(
    `  ${helmVersion}; ${plural(releases.length, "release")} in ${plural(new Set(releases.map((r) => r.stack.name)).size, "stack")}, ${rendered} rendered; ${manifests} kubernetes_manifest; ` +
      `${delivered} Argo CD Applications rendered inside their AppProject; ${mirrored} app-of-apps expansions identical to helm template; ${objects.length} objects (${custom.length} custom resources against CRDs of ${relative(ROOT, schemas) || schemas} or rendered, ` +
      `${builtin.length} built-in with kubernetes-validate): ${[...kinds].map(([k, n]) => `${k} ${n}`).join(", ")}`,
  );
  errors.forEach((e) => log(`  FAILED ${e}`));
  return { passed, failed: errors.length, skipped: skippedDependencies, errors: [] };
}

// ---------------------------------------------------------------------------------------------------------
// tflint

function tflint(stacks) {
  const bin = join(TOOLS, "bin/tflint");
  const pluginDir = join(TOOLS, "tflint-plugins");
  const problems = [
    toolProblem("tflint", bin),
    toolProblem("tflint-ruleset-aws", join(pluginDir, "tflint-ruleset-aws")),
  ].filter(Boolean);
  if (problems.length) return { passed: 0, failed: problems.length, skipped: 0, errors: problems };
  const errors = [];
  const config = join(ROOT, ".tflint.hcl");
  const env = { TFLINT_PLUGIN_DIR: pluginDir, TFLINT_LOG: "" };
  // `--version` with the configuration lists the rulesets that load: the aws plugin must be one of them.
  const versions = run(bin, ["--config", config, "--version"], { env });
  const version = versions.stdout.trim().split("\n").join(", ");
  if (!/ruleset\.aws \(/.test(versions.stdout)) {
    return {
      passed: 0,
      failed: 1,
      skipped: 0,
      errors: [`tflint does not load the aws ruleset: ${version} ${versions.stderr}`],
    };
  }
  let passed = 0;
  let issues = 0;
  for (const stack of stacks) {
    const r = run(bin, ["--chdir", stack.dir, "--config", config, "--format", "json", "--force"], { env });
    let report;
    try {
      report = JSON.parse(r.stdout);
    } catch {
      errors.push(
        `${stack.name}: tflint printed no JSON (exit ${r.status}): ${(r.stderr || r.stdout).trim().slice(0, 2000)}`,
      );
      continue;
    }
    const found = [...(report.issues ?? [])];
    for (const e of report.errors ?? []) errors.push(`${stack.name}: tflint error: ${e.message}`);
    for (const i of found) {
      log(
        `  ${stack.name}: ${i.rule.severity} ${i.rule.name}: ${i.message} (${i.range?.filename}:${i.range?.start?.line})`,
      );
    }
    issues += found.length;
    if (found.length === 0 && (report.errors ?? []).length === 0) passed += 1;
    else if (found.length > 0) errors.push(`${stack.name}: ${plural(found.length, "issue")}`);
  }
  log(
    `  ${version}; ${plural(stacks.length, "stack")} (.tf.json) with ${relative(ROOT, config)}: ${plural(issues, "issue")}`,
  );
  errors.forEach((e) => log(`  FAILED ${e}`));
  return { passed, failed: stacks.length - passed, skipped: 0, errors: [] };
}

// ---------------------------------------------------------------------------------------------------------
// actionlint

/** actionlint over .github/workflows/*.y(a)ml; every finding fails the workflow file it is in. */
function actionlint() {
  const bin = join(TOOLS, "bin/actionlint");
  const problem = toolProblem("actionlint", bin);
  if (problem) return { passed: 0, failed: 1, skipped: 0, errors: [problem] };
  const dir = join(ROOT, ".github/workflows");
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => /\.ya?ml$/.test(f))
        .sort()
        .map((f) => `.github/workflows/${f}`)
    : [];
  if (files.length === 0) return { passed: 0, failed: 1, skipped: 0, errors: [`no workflow file in ${dir}`] };
  const r = run(bin, ["-no-color", "-format", "{{json .}}", ...files], { cwd: ROOT });
  let findings;
  try {
    findings = JSON.parse(r.stdout);
  } catch {
    findings = undefined;
  }
  if (!Array.isArray(findings) || r.status > 1) {
    const output = (r.stderr || r.stdout).trim().slice(0, 2000);
    return { passed: 0, failed: 1, skipped: 0, errors: [`actionlint failed (exit ${r.status}): ${output}`] };
  }
  const perFile = new Map();
  for (const f of findings) {
    log(`  ${f.filepath}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    perFile.set(f.filepath, (perFile.get(f.filepath) ?? 0) + 1);
  }
  const version = run(bin, ["-version"]).stdout.split("\n")[0];
  const shellcheck = run("sh", ["-c", "command -v shellcheck"]).status === 0;
  log(
    `  actionlint ${version} (shellcheck ${shellcheck ? "on" : "not on the PATH: run: scripts not checked"}); ` +
      `${plural(files.length, "workflow")}: ${plural(findings.length, "finding")}`,
  );
  return {
    passed: files.length - perFile.size,
    failed: perFile.size,
    skipped: 0,
    errors: [...perFile].map(([file, n]) => `${file}: ${plural(n, "finding")}`),
  };
}

// ---------------------------------------------------------------------------------------------------------
// tofu (opt-in: npm run verify:providers; tools from `bash scripts/install-tools.sh --providers`)

/** Providers the stacks require (`terraform.required_providers`): name → version. */
function requiredProviders(stacks) {
  const out = new Map();
  for (const s of stacks) {
    for (const [name, p] of Object.entries(s.json.terraform?.required_providers ?? {}))
      out.set(name, p.version);
  }
  return out;
}

function tofu(stacks) {
  const bin = join(TOOLS, "bin/tofu");
  const mirror = join(TOOLS, "providers");
  const install = "bash scripts/install-tools.sh --providers";
  const problems = [toolProblem("tofu", bin, install)];
  for (const [name, version] of requiredProviders(stacks)) {
    const file = join(mirror, `registry.opentofu.org/hashicorp/${name}/${version}/linux_amd64`);
    const p = toolProblem(`provider-${name}`, join(file, `terraform-provider-${name}_v${version}`), install);
    problems.push(p && `provider ${name} ${version}: ${p}`);
  }
  const missing = problems.filter(Boolean);
  if (missing.length) return { passed: 0, failed: missing.length, skipped: 0, errors: missing };
  const rc = join(work, "tofurc");
  writeFileSync(
    rc,
    `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(mirror)}\n  }\n}\n`,
  );
  const env = { TF_CLI_CONFIG_FILE: rc, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1" };
  log(`  ${run(bin, ["version"], { env }).stdout.trim().split("\n").join(", ")}`);
  let passed = 0;
  const errors = [];
  for (const stack of stacks) {
    const dir = join(work, "tofu", stack.name);
    mkdirSync(dir, { recursive: true });
    cpSync(join(stack.dir, "cdk.tf.json"), join(dir, "cdk.tf.json"));
    const init = run(bin, ["init", "-backend=false", "-input=false", "-no-color"], { cwd: dir, env });
    if (init.status !== 0) {
      errors.push(`${stack.name}: tofu init failed:\n    ${init.stderr.trim().split("\n").join("\n    ")}`);
      continue;
    }
    const validate = run(bin, ["validate", "-json", "-no-color"], { cwd: dir, env });
    const report = JSON.parse(validate.stdout || "{}");
    for (const d of report.diagnostics ?? []) {
      log(`  ${stack.name}: ${d.severity} ${d.summary}: ${d.detail ?? ""} ${d.address ?? ""}`.trimEnd());
    }
    if (report.valid) passed += 1;
    else errors.push(`${stack.name}: tofu validate: ${report.error_count} error(s)`);
  }
  errors.forEach((e) => log(`  FAILED ${e}`));
  return { passed, failed: stacks.length - passed, skipped: 0, errors: [] };
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const start = Date.now();
  const stacks = ONLY.every((name) => STACKLESS.has(name)) ? [] : synth();
  const tools = {
    checkov: () => checkov(stacks),
    helm: () => helm(stacks),
    tflint: () => tflint(stacks),
    actionlint: () => actionlint(),
    tofu: () => tofu(stacks),
  };
  for (const name of ONLY) {
    if (!tools[name]) throw new Error(`unknown tool ${name} (known: ${Object.keys(tools).join(", ")})`);
    log(`\n--- ${name} ---`);
    const t = Date.now();
    let result;
    try {
      result = await tools[name]();
    } catch (error) {
      result = {
        passed: 0,
        failed: 1,
        skipped: 0,
        errors: [error instanceof Error ? error.message : String(error)],
      };
    }
    result.errors.forEach((e) => log(`  FAILED ${e}`));
    log(`  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
    summary.push({ name, ...result });
  }
  log(`\nverify (${((Date.now() - start) / 1000).toFixed(0)} s):`);
  for (const s of summary) log(`${s.name}: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped`);
  return summary.some((s) => s.failed > 0) ? 1 : 0;
}

main()
  .then((code) => {
    rmSync(work, { recursive: true, force: true });
    process.exitCode = code;
  })
  .catch((error) => {
    rmSync(work, { recursive: true, force: true });
    console.error(`verify: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });

/**
 * Objects of one release that point at another by name and must find it in the same render: a
 * ScaledObject's scaleTargetRef (KEDA would scale nothing), a PodDisruptionBudget's selector (it
 * would protect nothing). One message per dangling reference.
 */
function danglingTargets(label, docs) {
  const problems = [];
  const named = new Set(docs.map((d) => `${d.kind}/${d.metadata?.name}`));
  for (const d of docs.filter((x) => x.kind === "ScaledObject")) {
    const ref = d.spec?.scaleTargetRef ?? {};
    const target = `${ref.kind ?? "Deployment"}/${ref.name}`;
    if (!named.has(target))
      problems.push(
        `${label}: ScaledObject/${d.metadata?.name} targets ${target}, which the release does not render`,
      );
  }
  const podLabels = docs
    .filter((x) => ["Deployment", "StatefulSet", "DaemonSet"].includes(x.kind))
    .map((x) => x.spec?.template?.metadata?.labels ?? {});
  for (const d of docs.filter((x) => x.kind === "PodDisruptionBudget")) {
    const want = d.spec?.selector?.matchLabels ?? {};
    const matches = podLabels.some((labels) => Object.entries(want).every(([k, v]) => labels[k] === v));
    if (!matches)
      problems.push(`${label}: PodDisruptionBudget/${d.metadata?.name} selects no pod the release renders`);
  }
  return problems;
}

/** The region and account a stack's AWS provider names, for the placeholders of its unresolved references. */
function awsContext(stack) {
  const provider = [stack.json.provider?.aws ?? []].flat()[0] ?? {};
  return {
    region: provider.region ?? "eu-west-3",
    account: provider.allowed_account_ids?.[0] ?? "111111111111",
  };
}
