import { Testing, type App } from "cdktf";
import { parseEnvironment } from "../../config/define";
import { stateBackendOf } from "../../config/load";
import { isReadAction } from "../../constructs/guardrails/iam-policies";
import { suppressionsUnder } from "../../constructs/guardrails/suppressions";
import { SPARK_IMAGE } from "../../constructs/ecs/spark-image";
import { SPARK_JOB_PORTS, SPARK_PORTS } from "../../constructs/ecs/spark-ports";
import { SPARK_BUCKETS } from "../../stacks/data-layout";
import { EcsStack } from "../../stacks/ecs-stack";
import { NetworkStack } from "../../stacks/network-stack";
import {
  buildApp,
  environment,
  errorAnnotations,
  namedResourcesOf,
  onlyResource,
  parse,
  refAt,
  refTo,
  resourceAt,
  resourcesOf,
  stacksOf,
  synthAll,
  type Json,
} from "../helpers/synth";

type Statement = { Sid?: string; Action: string[]; Resource: string | string[]; Condition?: Json };

const statementsOf = (json: string, namePrefix: string): Statement[] =>
  (
    JSON.parse(resourceAt(json, "aws_iam_role_policy", namePrefix).body.policy as string) as {
      Statement: Statement[];
    }
  ).Statement;
const list = (value: string | string[]) => (Array.isArray(value) ? value : [value]);
const containersOf = (json: string) =>
  resourcesOf(json, "aws_ecs_task_definition").flatMap(
    (definition) => JSON.parse(definition.container_definitions as string) as Json[],
  );

describe("ecs stack (dev)", () => {
  let app: App;
  let synths: Map<string, string>;
  let ecs: string;
  const dev = environment("dev");

  beforeAll(() => {
    app = buildApp();
    synths = synthAll(app);
    ecs = synths.get("dev-ecs")!;
  });

  it("matches the reviewed snapshot", () => {
    expect(ecs).toMatchSnapshot();
  });

  it("raises no guardrail error, without suppressing any", () => {
    const stack = stacksOf(app).get("dev-ecs")!;
    expect(errorAnnotations(stack)).toEqual([]);
    expect(suppressionsUnder(stack)).toEqual([]);
  });

  it("keeps its state under dev/ecs.tfstate and depends on dev-network", () => {
    const backend = parse(ecs).terraform?.backend as { s3: Json };
    expect(backend.s3.key).toBe("dev/ecs.tfstate");
    const stack = stacksOf(app).get("dev-ecs")!;
    expect(stack.dependencies.map((d) => d.node.id)).toEqual(["dev-network"]);
    const remote = Object.values(parse(ecs).data?.terraform_remote_state ?? {});
    expect(remote).toHaveLength(1);
    expect((remote[0].config as Json).key).toBe("dev/network.tfstate");
  });

  it("exists for dev only: the other environments have no ecs stack", () => {
    expect([...synths.keys()].filter((name) => name.endsWith("-ecs"))).toEqual(["dev-ecs"]);
  });

  it("launches instances from a template with IMDSv2, an encrypted root volume on the stack's key, no SSH key", () => {
    const template = onlyResource(ecs, "aws_launch_template");
    expect(template.metadata_options).toMatchObject({
      http_tokens: "required",
      http_put_response_hop_limit: 1,
    });
    expect(template.block_device_mappings).toEqual([
      {
        device_name: "/dev/xvda",
        ebs: expect.objectContaining({
          encrypted: "true",
          kms_key_id: refTo(ecs, "aws_kms_key", "arn"),
          volume_type: "gp3",
        }),
      },
    ]);
    expect(template.key_name).toBeUndefined();
    expect(template.image_id).toMatch(
      /^\$\{data\.aws_ssm_parameter\.Capacity_Ami_[0-9A-F]+\.insecure_value\}$/,
    );
    const ami = Object.values(parse(ecs).data?.aws_ssm_parameter ?? {});
    expect(ami).toHaveLength(1);
    expect(ami[0].name).toBe("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id");
  });

  it("protects instances from scale-in and lets the capacity provider scale and terminate them", () => {
    const group = onlyResource(ecs, "aws_autoscaling_group");
    expect(group).toMatchObject({
      protect_from_scale_in: true,
      min_size: 1,
      desired_capacity: 2,
      max_size: 4,
    });
    expect(group.tag).toContainEqual({ key: "AmazonECSManaged", value: "true", propagate_at_launch: true });
    // Instances join the cluster by its literal name: the group must come after the cluster (and go before it).
    expect(group.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_ecs_cluster\./)]));
    const subnets = group.vpc_zone_identifier as string[];
    expect(subnets).toHaveLength(dev.network!.availabilityZones.length);
    for (const subnet of subnets) expect(subnet).toMatch(/PrivateSubnet/);
    const provider = onlyResource(ecs, "aws_ecs_capacity_provider").auto_scaling_group_provider as Json;
    expect(provider).toMatchObject({
      auto_scaling_group_arn: refTo(ecs, "aws_autoscaling_group", "arn"),
      managed_termination_protection: "ENABLED",
      managed_draining: "ENABLED",
      managed_scaling: expect.objectContaining({ status: "ENABLED", target_capacity: 100 }),
    });
  });

  it("turns Container Insights on and makes the capacity provider the cluster's default strategy", () => {
    const cluster = onlyResource(ecs, "aws_ecs_cluster");
    expect(cluster.setting).toEqual([{ name: "containerInsights", value: "enabled" }]);
    const attached = onlyResource(ecs, "aws_ecs_cluster_capacity_providers");
    const provider = refTo(ecs, "aws_ecs_capacity_provider", "name");
    expect(attached.capacity_providers).toEqual([provider]);
    expect(attached.default_capacity_provider_strategy).toEqual([
      { capacity_provider: provider, weight: 1, base: 0 },
    ]);
  });

  it("keeps every log group for the configured days, encrypted with the network's logs key", () => {
    const groups = resourcesOf(ecs, "aws_cloudwatch_log_group");
    expect(groups.map((g) => g.name).sort()).toEqual([
      "/aws/ecs/containerinsights/dataplatform-dev-ecs/performance",
      "/aws/ecs/dataplatform-dev-ecs/spark",
    ]);
    for (const group of groups) {
      expect(group.retention_in_days).toBe(dev.ecs.logRetentionDays);
      expect(group.kms_key_id).toMatch(/cross-stack-output-aws_kms_keyLogsKey/);
    }
  });

  it("gives the Spark task role the Spark buckets and the data key through S3, nothing else", () => {
    const statements = statementsOf(ecs, "Spark_TaskRole");
    expect(statements).toHaveLength(4);
    const buckets = Object.keys(SPARK_BUCKETS).map((b) => `arn:aws:s3:::dataplatform-dev-${b}-111111111111`);
    for (const statement of statements) {
      for (const resource of list(statement.Resource)) {
        expect(resource).not.toBe("*");
        if (resource.startsWith("arn:aws:kms")) {
          expect(resource).toBe("arn:aws:kms:eu-west-3:111111111111:key/*");
          expect(statement.Condition).toEqual({
            StringEquals: { "kms:ViaService": "s3.eu-west-3.amazonaws.com" },
            "ForAnyValue:StringEquals": { "kms:ResourceAliases": "alias/dataplatform-dev-data" },
          });
        } else {
          expect(buckets).toContain(resource.replace(/\/\*$/, ""));
        }
      }
    }
    const writes = statements.find((s) => s.Sid === "WriteItsObjects")!;
    expect(list(writes.Resource)).toEqual([`${buckets[1]}/*`, `${buckets[2]}/*`]);
  });

  it("allows no write action on every resource without a condition, in any role policy", () => {
    const policies = resourcesOf(ecs, "aws_iam_role_policy");
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      for (const statement of (JSON.parse(policy.policy as string) as { Statement: Statement[] }).Statement) {
        const writes = list(statement.Action).filter((action) => !isReadAction(action));
        if (writes.length > 0 && list(statement.Resource).includes("*"))
          expect(statement.Condition).toBeDefined();
      }
    }
  });

  it("lets the execution role read only the secret the containers inject", () => {
    const secret = refTo(ecs, "aws_secretsmanager_secret", "arn");
    const read = statementsOf(ecs, "Spark_ExecutionRole").filter((s) =>
      list(s.Action).some((a) => a.startsWith("secretsmanager:")),
    );
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ Action: ["secretsmanager:GetSecretValue"], Resource: [secret] });
    const containers = containersOf(ecs);
    expect(containers).toHaveLength(2);
    for (const container of containers) {
      expect(container.secrets).toEqual([{ name: "_SPARK_AUTH_SECRET", valueFrom: secret }]);
    }
    expect(onlyResource(ecs, "aws_secretsmanager_secret_version").secret_string).toBe(
      refTo(ecs, "random_password", "result"),
    );
  });

  it("opens Spark's ports only to its own group and the VPC, and nothing to the internet", () => {
    const spark = refAt(ecs, "aws_security_group", "Spark_SecurityGroup", "id");
    const rules = resourcesOf(ecs, "aws_vpc_security_group_ingress_rule");
    expect(rules).toHaveLength(10);
    const allowed = [
      ...Object.values(SPARK_PORTS).map((port) => [port, port]),
      [SPARK_JOB_PORTS.from, SPARK_JOB_PORTS.to],
    ];
    for (const rule of rules) {
      expect(rule.security_group_id).toBe(spark);
      expect(rule.ip_protocol).toBe("tcp");
      expect(allowed).toContainEqual([rule.from_port, rule.to_port]);
      if (rule.cidr_ipv4 !== undefined) expect(rule.cidr_ipv4).toBe(dev.network!.cidr);
      else expect(rule.referenced_security_group_id).toBe(spark);
    }
    const egress = resourcesOf(ecs, "aws_vpc_security_group_egress_rule");
    expect(egress).toHaveLength(3);
    for (const rule of egress) {
      if (rule.cidr_ipv4 !== dev.network!.cidr) {
        expect(rule).toMatchObject({
          cidr_ipv4: "0.0.0.0/0",
          ip_protocol: "tcp",
          from_port: 443,
          to_port: 443,
        });
      }
    }
    const groups = resourcesOf(ecs, "aws_security_group");
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group.ingress).toBeUndefined();
    const services = resourcesOf(ecs, "aws_ecs_service");
    expect(services).toHaveLength(2);
    for (const service of services) {
      expect((service.network_configuration as Json).assign_public_ip).toBe(false);
    }
  });

  it("registers the master in Cloud Map, where the workers find it", () => {
    const namespace = onlyResource(ecs, "aws_service_discovery_private_dns_namespace");
    expect(namespace.name).toBe("dataplatform-dev-spark.internal");
    const discovery = onlyResource(ecs, "aws_service_discovery_service");
    expect(discovery).toMatchObject({ name: "master" });
    const master = resourceAt(ecs, "aws_ecs_service", "Spark_Master").body;
    expect(master.service_registries).toEqual({
      registry_arn: refTo(ecs, "aws_service_discovery_service", "arn"),
    });
    expect(master.desired_count).toBe(1);
    const worker = containersOf(ecs).find((c) => c.name === "worker")!;
    expect((worker.command as string[]).join(" ")).toContain(
      "spark://master.dataplatform-dev-spark.internal:7077",
    );
    expect(parse(ecs).output?.spark_master_url.value).toBe(
      "spark://master.dataplatform-dev-spark.internal:7077",
    );
  });

  it("runs the official Spark image at its pinned tag, never latest, in awsvpc mode on EC2", () => {
    const containers = containersOf(ecs);
    expect(containers).toHaveLength(2);
    for (const container of containers) {
      expect(container.image).toBe(`apache/spark:${SPARK_IMAGE.tag}`);
      expect(container.image).not.toMatch(/:latest$/);
      expect(container).toMatchObject({ readonlyRootFilesystem: true, privileged: false, user: "185" });
    }
    const definitions = resourcesOf(ecs, "aws_ecs_task_definition");
    expect(definitions).toHaveLength(2);
    for (const definition of definitions) {
      expect(definition).toMatchObject({ network_mode: "awsvpc", requires_compatibilities: ["EC2"] });
    }
    expect(SPARK_IMAGE.tag).toMatch(/^\d+\.\d+\.\d+-scala\d\.\d+-java\d+/);
  });

  it("sizes the tasks from config and authenticates every Spark connection", () => {
    const byFamily = namedResourcesOf(ecs, "aws_ecs_task_definition");
    const sizes = Object.values(byFamily).map((d) => [d.family, d.cpu, d.memory]);
    expect(sizes).toEqual(
      expect.arrayContaining([
        ["dataplatform-dev-ecs-spark-master", "1024", "2048"],
        ["dataplatform-dev-ecs-spark-worker", "2048", "8192"],
      ]),
    );
    for (const container of containersOf(ecs)) {
      const options = (container.environment as Array<{ name: string; value: string }>).find((e) =>
        /^SPARK_(MASTER|WORKER)_OPTS$/.test(e.name),
      );
      expect(options?.value).toContain("-Dspark.authenticate=true");
    }
  });

  it("leaves the workers' JVMs room: 8192 MiB less the daemon's 1536, less 10 % beyond the executors' heap", () => {
    const containers = containersOf(ecs);
    expect(containers).toHaveLength(2);
    const worker = containers.find((c) => c.name === "worker")!;
    // floor((8192 - 1024 heap - 512 beyond it) / 1.1) = 6050
    expect((worker.command as string[])[2]).toContain("--memory 6050M");
    for (const container of containers) {
      expect(container.environment).toEqual(
        expect.arrayContaining([{ name: "SPARK_DAEMON_MEMORY", value: "1024m" }]),
      );
    }
  });

  it("makes workers reconnect to the master's name, not the address of a replaced master task", () => {
    const worker = containersOf(ecs).find((c) => c.name === "worker")!;
    const options = (worker.environment as Array<{ name: string; value: string }>).find(
      (e) => e.name === "SPARK_WORKER_OPTS",
    );
    expect(options?.value).toContain("-Dspark.worker.preferConfiguredMasterAddress=true");
  });

  it("deletes the shared secret at once outside production, so the stack can be created again", () => {
    const secret = onlyResource(ecs, "aws_secretsmanager_secret");
    expect(secret.recovery_window_in_days).toBe(0);
  });
});

describe("ecs stack on an Outpost-extended environment", () => {
  it("adds an On-Demand gp2 capacity provider on the rack, outside the default strategy", () => {
    const outpost = environment("outpost");
    const env = parseEnvironment({ ...outpost, ecs: { enabled: true, outpost: { enabled: true } } });
    const app = Testing.app();
    const props = { env, stateBackend: stateBackendOf(env) };
    const network = new NetworkStack(app, props);
    const stack = new EcsStack(app, { ...props, network });
    network.prepareStack();
    stack.prepareStack();
    const json = Testing.synth(stack);
    const providers = resourcesOf(json, "aws_ecs_capacity_provider");
    expect(providers).toHaveLength(2);
    const rack = resourceAt(json, "aws_launch_template", "RackCapacity").body;
    expect(rack.instance_type).toBe("m5.xlarge");
    expect(rack.instance_market_options).toBeUndefined();
    expect(rack.block_device_mappings).toEqual([
      { device_name: "/dev/xvda", ebs: expect.objectContaining({ volume_type: "gp2", encrypted: "true" }) },
    ]);
    expect(resourceAt(json, "aws_autoscaling_group", "RackCapacity").body.vpc_zone_identifier).toEqual([
      expect.stringMatching(/OutpostSubnet/),
    ]);
    const attached = onlyResource(json, "aws_ecs_cluster_capacity_providers");
    expect(attached.capacity_providers).toHaveLength(2);
    expect(attached.default_capacity_provider_strategy).toEqual([
      {
        capacity_provider: refAt(json, "aws_ecs_capacity_provider", "Capacity_CapacityProvider", "name"),
        weight: 1,
        base: 0,
      },
    ]);
    expect(errorAnnotations(stack)).toEqual([]);
  });
});
