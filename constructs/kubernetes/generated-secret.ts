import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Password } from "@cdktf/provider-random/lib/password";
import type { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { ValidationError } from "../core/validation-error";

/** Properties of {@link GeneratedSecret}. */
export interface GeneratedSecretProps {
  /** Kubernetes provider of the cluster. */
  readonly provider: KubernetesProvider;
  /** Namespace of the Secret. */
  readonly namespace: string;
  /** Name of the Secret (what Helm values and pods refer to). */
  readonly secretName: string;
  /** Keys whose value is a generated password, one random_password each. */
  readonly generatedKeys: ReadonlyArray<string>;
  /**
   * Keys with values composed by the caller (a user name, a connection URL built from a generated
   * password with {@link GeneratedSecret.value}).
   * @default none
   */
  readonly composedKeys?: Readonly<Record<string, string>>;
  /**
   * Characters of each generated password.
   * @default 32
   */
  readonly length?: number;
  /**
   * Labels of the Secret.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * What must exist first (the namespace).
   * @default none
   */
  readonly dependsOn?: ReadonlyArray<ITerraformDependable>;
}

const DEFAULT_LENGTH = 32;
const KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * A Kubernetes Secret whose passwords the random provider generates: no value is ever written in
 * code, config or Helm values, which refer to the Secret by name and key. The values live in
 * Terraform state (encrypted in the state bucket with the state CMK) and in the cluster's etcd.
 * Passwords are alphanumeric, so they fit in URLs and configuration files without escaping.
 */
export class GeneratedSecret extends Construct {
  public readonly secret: SecretV1;
  public readonly secretName: string;
  private readonly passwords: Readonly<Record<string, Password>>;

  constructor(scope: Construct, id: string, props: GeneratedSecretProps) {
    super(scope, id);
    const keys = [...props.generatedKeys, ...Object.keys(props.composedKeys ?? {})];
    const bad = keys.filter((key) => !KEY.test(key));
    const twice = keys.filter((key, index) => keys.indexOf(key) !== index);
    if (keys.length === 0 || bad.length > 0 || twice.length > 0) {
      throw new ValidationError(
        `Secret ${props.secretName}: expected at least one key, each of letters, digits, '-', '_' or '.' and given once; received ${JSON.stringify(keys)}`,
        this,
      );
    }
    const length = props.length ?? DEFAULT_LENGTH;
    this.passwords = Object.fromEntries(
      props.generatedKeys.map((key) => [
        key,
        new Password(this, `Password-${key}`, {
          length,
          special: false,
          minUpper: 2,
          minLower: 2,
          minNumeric: 2,
        }),
      ]),
    );
    this.secretName = props.secretName;
    this.secret = new SecretV1(this, "Resource", {
      provider: props.provider,
      metadata: {
        name: props.secretName,
        namespace: props.namespace,
        labels: { "app.kubernetes.io/managed-by": "terraform", ...(props.labels ?? {}) },
      },
      type: "Opaque",
      data: {
        ...Object.fromEntries(
          Object.entries(this.passwords).map(([key, password]) => [key, password.result]),
        ),
        ...(props.composedKeys ?? {}),
      },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });
  }

  /** The generated value of `key` (a Terraform reference, sensitive), to compose another Secret. */
  public value(key: string): string {
    const password = this.passwords[key];
    if (!password) throw new ValidationError(`Secret ${this.secretName} generates no key "${key}"`, this);
    return password.result;
  }
}
