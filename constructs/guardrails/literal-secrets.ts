import { createHash } from "node:crypto";
import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blocksOf, isToken } from "./attributes";
import { containerDefinitionsOf, ECS_TASK_DEFINITION } from "./ecs-containers";
import { reportViolation } from "./report";
import { helmValuesDocuments, holdsPodSpec, isLiteral, walkValues } from "./values-walk";

/**
 * SHA-256 of passwords known to be compromised: the ones the seeds (`../shared/seeds`) wrote in
 * clear. Kept as digests so this file holds none of them; any literal equal to one fails, whatever
 * its key.
 */
export const KNOWN_BAD_PASSWORD_DIGESTS: ReadonlySet<string> = new Set([
  "ba1319494a9c59d38a62056e5b10dc45ee91d0d06f0cf291bb8bd64d8e13a354",
  "4d6a7f7c0441a3483f985e315cd40712c3f758ce5400e0ed27903623d67721b2",
  "07582b650b6dd1c3feb77d844ecb4651808c3d6f62fdd37e51daa119821cd2eb",
]);

/** Words that make a key hold a secret value (so does a word ending with one). */
const SECRET_WORDS: ReadonlyArray<string> = [
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "credential",
  "credentials",
  "apikey",
  "fernet",
  "jwt",
  "privatekey",
];
/**
 * A key ending in one of these names, points at or describes a secret, and holds none
 * (`passwordSecretName`, `SECRET_ARN`, `tokenTtl`, `tokenExpiry`, `tokenUrl`).
 */
const REFERENCE_LAST_WORDS: ReadonlySet<string> = new Set([
  "name",
  "names",
  "ref",
  "arn",
  "id",
  "file",
  "path",
  "namespace",
  "enabled",
  "length",
  "ttl",
  "type",
  "mount",
  "dir",
  "expiry",
  "expiration",
  "expires",
  "timeout",
  "lifetime",
  "duration",
  "seconds",
  "interval",
  "url",
  "uri",
  "endpoint",
  "algorithm",
]);
/** `<word>Key` holds a key's value after these words (`apiKey`, `secretKey`); `passwordKey` names one. */
const SECRET_KEY_PREFIXES: ReadonlySet<string> = new Set([
  "api",
  "secret",
  "private",
  "encryption",
  "signing",
  "fernet",
  "license",
  "master",
  "session",
]);
/**
 * An env var `<…>_KEY` holds a key's value when one of its other words is one of these (`API_KEY`,
 * `AWS_SECRET_ACCESS_KEY`, `SIGNING_KEY`); `PARTITION_KEY`, `SORT_KEY`, `CACHE_KEY` name no secret.
 */
const SECRET_ENV_KEY_WORDS: ReadonlySet<string> = new Set([
  ...SECRET_KEY_PREFIXES,
  "access",
  "auth",
  "hmac",
  "jwt",
  "ssh",
]);
/** `<word>Secret` holds a value after these words (`jwtSecret`); `existingSecret`, `tlsSecret` name a Secret. */
const SECRET_VALUE_PREFIXES: ReadonlySet<string> = new Set([
  "jwt",
  "client",
  "shared",
  "api",
  "app",
  "session",
  "cookie",
  "signing",
  "hmac",
  "webhook",
]);

/** `rootPassword` → root, password; `AWS_SECRET_ACCESS_KEY` → aws, secret, access, key. */
function wordsOf(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
}

/**
 * Whether a key (Helm value, Secret key, env var) names a secret value, by its words: password,
 * secret, token, credentials, API/private/encryption key… (or a word ending so: `PGPASSWORD`). A key
 * that names, points at or describes a secret (`existingSecret`, `passwordSecretName`, `SECRET_ARN`,
 * `passwordKey`, `tlsSecret`, `tokenExpiry`, `tokenUrl`) does not. For env vars (`envVar`), a name
 * ending in `KEY` does when another of its words says which secret (`API_KEY`, `LICENSE_KEY`,
 * `ACCESS_KEY`, `AWS_SECRET_ACCESS_KEY`), not otherwise (`PARTITION_KEY`, `SORT_KEY`, `CACHE_KEY`).
 */
export function isSecretKey(key: string, envVar = false): boolean {
  const cache = envVar ? ENV_VAR_VERDICTS : KEY_VERDICTS;
  let verdict = cache.get(key);
  if (verdict === undefined) {
    verdict = judgeKey(key, envVar);
    cache.set(key, verdict);
  }
  return verdict;
}

/** Verdicts by key: the same keys recur in every environment's values, so each is judged once. */
const KEY_VERDICTS = new Map<string, boolean>();
const ENV_VAR_VERDICTS = new Map<string, boolean>();
const BAD_VALUE_VERDICTS = new Map<string, boolean>();

function judgeKey(key: string, envVar: boolean): boolean {
  const words = wordsOf(key);
  const last = words[words.length - 1];
  if (last === undefined || words.includes("existing") || REFERENCE_LAST_WORDS.has(last)) return false;
  const previous = words[words.length - 2];
  if (last === "key") {
    if (envVar) return words.slice(0, -1).some((word) => SECRET_ENV_KEY_WORDS.has(word));
    return words.includes("secret") || (previous !== undefined && SECRET_KEY_PREFIXES.has(previous));
  }
  if (last === "secret") return previous === undefined || SECRET_VALUE_PREFIXES.has(previous);
  // A word that ends with one counts too: `PGPASSWORD`, `adminpassword`.
  return words.some((word) => SECRET_WORDS.some((secret) => word.endsWith(secret)));
}

/** Whether a literal is one of the known compromised passwords. */
export function isKnownBadValue(value: string | number): boolean {
  const text = String(value);
  if (text.length < 4 || text.length > 128 || /\s/.test(text)) return false;
  let verdict = BAD_VALUE_VERDICTS.get(text);
  if (verdict === undefined) {
    verdict = KNOWN_BAD_PASSWORD_DIGESTS.has(createHash("sha256").update(text).digest("hex"));
    BAD_VALUE_VERDICTS.set(text, verdict);
  }
  return verdict;
}

/**
 * Whether a literal under `key` is a secret written in clear: a string under a secret-named key
 * (a number or a boolean is a setting, `tokenExpiry: 3600`), or any known compromised password.
 */
/**
 * Keys whose value names a file or a Secret's data key holding a key or certificate (MinIO's
 * `tls.privateKey: tls.key`), never the key itself; the value must look like such a name.
 */
const KEY_FILE_KEYS: ReadonlySet<string> = new Set(["privateKey", "publicCrt", "privateKeyFile"]);
const KEY_FILE_NAME = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.(?:key|pem|crt)$/;

/** Whether a literal under a key is a secret: a known-bad value, or a value under a secret-named key (file names of keys excepted). */
function isLiteralSecret(key: string, value: string | number, envVar = false): boolean {
  if (isKnownBadValue(value)) return true;
  if (typeof value === "string" && KEY_FILE_KEYS.has(key) && KEY_FILE_NAME.test(value)) return false;
  return typeof value === "string" && isSecretKey(key, envVar);
}

/** The names of literal secrets in nested values (Helm values, a Kubernetes resource's attributes). */
function literalSecretsIn(value: unknown, prefix: string): string[] {
  const found: string[] = [];
  walkValues(value, ({ path, key, value: child, parent, parentKey }) => {
    if (!isLiteral(child)) return;
    // An env list entry: `{ name: PASSWORD, value: "…" }`.
    if (key === "value" && /env/i.test(parentKey) && typeof parent.name === "string") {
      if (isLiteralSecret(parent.name, child, true)) found.push(`${prefix}${path()} (${parent.name})`);
      return;
    }
    // `{ secretName, secretKey }` names a key of a Secret (Airflow's `secret` list): a reference.
    const reference = key === "secretKey" && "secretName" in parent;
    if (reference ? isKnownBadValue(child) : isLiteralSecret(key, child)) found.push(`${prefix}${path()}`);
  });
  return found;
}

function helmFindings(node: TerraformResource): string[] {
  const release = attributesOf(node);
  const found = helmValuesDocuments(node, release.values).flatMap((doc) => literalSecretsIn(doc, "values "));
  for (const set of blocksOf(release.set)) {
    const name = typeof set.name === "string" ? set.name : "";
    const last = name.split(/(?<!\\)\./).pop() ?? "";
    if (isLiteral(set.value) && isLiteralSecret(last, set.value)) found.push(`set ${name}`);
  }
  for (const set of blocksOf(release.set_sensitive)) {
    if (isLiteral(set.value)) found.push(`set_sensitive ${String(set.name)}`);
  }
  return found;
}

function secretDataFindings(data: unknown, attribute: string): string[] {
  if (data === null || typeof data !== "object" || isToken(data)) return [];
  return Object.entries(data as Record<string, unknown>)
    .filter(([key, value]) => isLiteral(value) && isLiteralSecret(key, value))
    .map(([key]) => `${attribute}.${key}`);
}

function kubernetesFindings(node: TerraformResource): string[] {
  const type = node.terraformResourceType;
  const secret = type === "kubernetes_secret" || type === "kubernetes_secret_v1";
  if (!secret && !holdsPodSpec(type)) return [];
  const attributes = attributesOf(node);
  const found: string[] = [];
  if (secret) {
    found.push(
      ...secretDataFindings(attributes.data, "data"),
      ...secretDataFindings(attributes.string_data, "string_data"),
      ...secretDataFindings(attributes.binary_data, "binary_data"),
    );
  }
  const manifest = attributes.manifest as Record<string, unknown> | undefined;
  if (
    type === "kubernetes_manifest" &&
    manifest &&
    typeof manifest === "object" &&
    manifest.kind === "Secret"
  ) {
    found.push(
      ...secretDataFindings(manifest.data, "manifest.data"),
      ...secretDataFindings(manifest.stringData, "manifest.stringData"),
    );
  }
  // Container env vars, wherever a pod spec sits (Deployments, Jobs, StatefulSets, manifests).
  if (!holdsPodSpec(type)) return found;
  walkValues(attributes, ({ path, key, value, parent, parentKey }) => {
    if (key === "value" && /env/i.test(parentKey) && isLiteral(value) && typeof parent.name === "string") {
      if (isLiteralSecret(parent.name, value, true)) found.push(`${path()} (${parent.name})`);
    }
  });
  return found;
}

/**
 * Container `environment` entries of an ECS task definition (`{ name, value }` in its
 * `container_definitions` JSON) with a secret-named `name` and a literal value: ECS injects secrets
 * from Secrets Manager or SSM with `secrets` (`valueFrom`) instead.
 */
function ecsFindings(node: TerraformResource): string[] {
  const found: string[] = [];
  containerDefinitionsOf(node).forEach((container, i) => {
    blocksOf(container.environment).forEach((entry, j) => {
      const { name, value } = entry;
      if (typeof name === "string" && isLiteral(value) && isLiteralSecret(name, value, true)) {
        found.push(`container_definitions[${i}].environment[${j}].value (${name})`);
      }
    });
  });
  return found;
}

/**
 * Fails synth on a secret written in clear where it would sit in Terraform files, Helm release
 * history, pod specs or task definitions: a secret-named key with a literal string value in Helm
 * `values` and `set`, any literal in `set_sensitive`, in Kubernetes Secrets (`data`, `string_data`,
 * or a `kubernetes_manifest` Secret), in container `env` and in the container `environment` of ECS
 * task definitions; and any literal equal to a known compromised password. A value with a token in it
 * (a `random_password`, a Secrets Manager reference) is a reference, not a literal; a number or a
 * boolean is a setting. Key names are judged by {@link isSecretKey}.
 */
export class LiteralSecrets implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const type = node.terraformResourceType;
    let found: string[];
    if (type === "helm_release") found = helmFindings(node);
    else if (type.startsWith("kubernetes_")) found = kubernetesFindings(node);
    else if (type === ECS_TASK_DEFINITION) found = ecsFindings(node);
    else return;
    if (found.length > 0) {
      reportViolation(
        node,
        "literal-secrets",
        `literal secret in ${found.join(", ")}: generate it (random_password) into a Kubernetes Secret or Secrets Manager and refer to it (existingSecret, secretKeyRef, valueFrom)`,
      );
    }
  }
}
