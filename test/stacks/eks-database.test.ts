import {
  buildApp,
  environment,
  onlyResource,
  parse,
  refAt,
  resourceAt,
  resourcesOf,
  synthAll,
  type Json,
} from "../helpers/synth";

const RDS_ENVIRONMENTS = ["dev", "prod", "outpost", "outpost-local"];
const OUTPOST_ENVIRONMENTS = ["outpost", "outpost-local"];

/** Every string value anywhere in a document, with the key it sits under. */
function stringsOf(value: unknown, key = ""): Array<[string, string]> {
  if (typeof value === "string") return [[key, value]];
  if (Array.isArray(value)) return value.flatMap((v) => stringsOf(v, key));
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => stringsOf(v, k));
  return [];
}

describe("platform PostgreSQL in the eks stacks", () => {
  let synths: Map<string, string>;
  const eks = (env: string) => synths.get(`${env}-eks`)!;

  beforeAll(() => {
    synths = synthAll(buildApp(["dev", "prod", "outpost", "outpost-local", "lab"].map(environment)));
  });

  it("exists where the database is rds, and not in lab (in-cluster PostgreSQL)", () => {
    for (const env of RDS_ENVIRONMENTS) expect(resourcesOf(eks(env), "aws_db_instance")).toHaveLength(1);
    expect(resourcesOf(eks("lab"), "aws_db_instance")).toEqual([]);
    expect(
      Object.keys(parse(eks("lab")).resource?.aws_kms_key ?? {}).some((k) => k.startsWith("DatabaseKey")),
    ).toBe(false);
  });

  it.each(RDS_ENVIRONMENTS)("%s is encrypted with its CMK, private and TLS-only", (env) => {
    const db = onlyResource(eks(env), "aws_db_instance");
    expect(db).toMatchObject({
      engine: "postgres",
      storage_encrypted: true,
      kms_key_id: refAt(eks(env), "aws_kms_key", "DatabaseKey", "arn"),
      publicly_accessible: false,
      parameter_group_name: refAt(eks(env), "aws_db_parameter_group", "Database_Parameters", "name"),
    });
    expect(onlyResource(eks(env), "aws_db_parameter_group").parameter).toContainEqual({
      name: "rds.force_ssl",
      value: "1",
    });
    expect(resourceAt(eks(env), "aws_kms_key", "DatabaseKey").body.enable_key_rotation).toBe(true);
  });

  it.each(RDS_ENVIRONMENTS)("%s has no literal password anywhere in the stack", (env) => {
    const db = onlyResource(eks(env), "aws_db_instance");
    expect(
      db.password === undefined || /^\$\{random_password\.[\w]+\.result\}$/.test(db.password as string),
    ).toBe(true);
    for (const [key, value] of stringsOf(parse(eks(env)))) {
      if (/password|secret_string/i.test(key)) expect(value).toMatch(/^\$\{/);
    }
  });

  it.each(RDS_ENVIRONMENTS)("%s admits only the cluster's nodes, on 5432", (env) => {
    const json = eks(env);
    const dbSg = refAt(json, "aws_security_group", "Database_SecurityGroup", "id");
    const rules = resourcesOf(json, "aws_vpc_security_group_ingress_rule").filter(
      (r) => r.security_group_id === dbSg,
    );
    expect(rules).toEqual([
      expect.objectContaining({
        from_port: 5432,
        to_port: 5432,
        ip_protocol: "tcp",
        referenced_security_group_id: refAt(json, "aws_security_group", "Cluster_SecurityGroups_Node", "id"),
      }),
    ]);
    expect(
      resourcesOf(json, "aws_vpc_security_group_egress_rule").filter((r) => r.security_group_id === dbSg),
    ).toEqual([]);
  });

  it.each(RDS_ENVIRONMENTS)("%s outputs its endpoint, port and secret ARN", (env) => {
    const outputs = parse(eks(env)).output ?? {};
    expect(outputs.database_endpoint.value).toBe(refAt(eks(env), "aws_db_instance", "Database", "address"));
    expect(outputs.database_port.value).toBe(refAt(eks(env), "aws_db_instance", "Database", "port"));
    expect(outputs.database_secret_arn.value).toEqual(expect.stringMatching(/secret/));
  });

  describe("in the region", () => {
    it("dev lets RDS manage the master password in Secrets Manager under the database key", () => {
      const db = onlyResource(eks("dev"), "aws_db_instance");
      expect(db).toMatchObject({
        manage_master_user_password: true,
        master_user_secret_kms_key_id: refAt(eks("dev"), "aws_kms_key", "DatabaseKey", "arn"),
        storage_type: "gp3",
      });
      expect(db.password).toBeUndefined();
      expect(parse(eks("dev")).output?.database_secret_arn.value).toBe(
        refAt(eks("dev"), "aws_db_instance", "Database", "master_user_secret[0].secret_arn"),
      );
    });

    it("dev sits in the private subnets and keeps backups, without production protections", () => {
      const group = onlyResource(eks("dev"), "aws_db_subnet_group");
      for (const subnet of group.subnet_ids as string[]) expect(subnet).toMatch(/PrivateSubnet/);
      expect(onlyResource(eks("dev"), "aws_db_instance")).toMatchObject({
        backup_retention_period: 7,
        deletion_protection: false,
        skip_final_snapshot: true,
      });
    });

    it("prod is protected from deletion, snapshots on deletion and keeps a standby", () => {
      expect(onlyResource(eks("prod"), "aws_db_instance")).toMatchObject({
        deletion_protection: true,
        skip_final_snapshot: false,
        final_snapshot_identifier: "dataplatform-prod-platform-final",
        multi_az: true,
        backup_retention_period: 14,
      });
    });

    it("exports its logs to encrypted log groups it creates first", () => {
      const json = eks("dev");
      const db = onlyResource(json, "aws_db_instance");
      expect(db.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
      const groups = resourcesOf(json, "aws_cloudwatch_log_group").filter((g) =>
        (g.name as string).startsWith("/aws/rds/"),
      );
      expect(groups.map((g) => g.name)).toEqual([
        "/aws/rds/instance/dataplatform-dev-platform/postgresql",
        "/aws/rds/instance/dataplatform-dev-platform/upgrade",
      ]);
      for (const group of groups) expect(group.kms_key_id).toMatch(/LogsKey/);
    });

    it("sends OS metrics every minute (Enhanced Monitoring) with a role only RDS monitoring assumes", () => {
      for (const env of ["dev", "prod"]) {
        const json = eks(env);
        const db = onlyResource(json, "aws_db_instance");
        expect(db.monitoring_interval).toBe(60);
        const role = resourceAt(json, "aws_iam_role", "Database_MonitoringRole");
        expect(db.monitoring_role_arn).toBe(`\${aws_iam_role.${role.name}.arn}`);
        expect(JSON.parse(role.body.assume_role_policy as string).Statement).toEqual([
          {
            Effect: "Allow",
            Principal: { Service: "monitoring.rds.amazonaws.com" },
            Action: "sts:AssumeRole",
          },
        ]);
        const attachment = resourcesOf(json, "aws_iam_role_policy_attachment").filter((a) =>
          String(a.role).includes("Database_MonitoringRole"),
        );
        expect(attachment.map((a) => a.policy_arn)).toEqual([
          "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
        ]);
      }
    });
  });

  describe("on an Outpost", () => {
    it.each(OUTPOST_ENVIRONMENTS)(
      "%s runs a db.m5 class on gp2 in the Outpost subnet, backups in the region",
      (env) => {
        const db = onlyResource(eks(env), "aws_db_instance") as Json;
        expect(db).toMatchObject({
          instance_class: "db.m5.large",
          storage_type: "gp2",
          backup_target: "region",
          multi_az: false,
        });
        expect(db.max_allocated_storage).toBeUndefined();
        expect(db.performance_insights_enabled).toBe(false);
        expect(onlyResource(eks(env), "aws_db_subnet_group").subnet_ids).toEqual([
          expect.stringMatching(/OutpostSubnet/),
        ]);
      },
    );

    it.each(OUTPOST_ENVIRONMENTS)(
      "%s keeps a generated password in its own Secrets Manager secret",
      (env) => {
        const json = eks(env);
        const db = onlyResource(json, "aws_db_instance");
        expect(db.manage_master_user_password).toBeUndefined();
        expect(db.password).toBe(refAt(json, "random_password", "Database_MasterSecret_Password", "result"));
        const secret = onlyResource(json, "aws_secretsmanager_secret");
        expect(secret.kms_key_id).toBe(refAt(json, "aws_kms_key", "DatabaseKey", "arn"));
        const version = onlyResource(json, "aws_secretsmanager_secret_version");
        expect(version.secret_string).toMatch(
          /^\$\{jsonencode\(\{.*"password" = random_password\.[\w]+\.result/,
        );
        expect(parse(json).output?.database_secret_arn.value).toBe(
          refAt(json, "aws_secretsmanager_secret", "Database_MasterSecret", "arn"),
        );
      },
    );
  });
});
