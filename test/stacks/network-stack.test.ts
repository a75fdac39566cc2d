import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Testing } from "cdktf";
import { parseEnvironment } from "../../config/define";
import { REQUIRED_TAG_KEYS } from "../../stacks/tags";
import { buildEnvironment } from "../../stacks/app";
import {
  buildApp,
  environment,
  errorAnnotations,
  onlyResource,
  parse,
  refTo,
  resourcesOf,
  stacksOf,
  synthAll,
} from "../helpers/synth";

const NETWORK_ENVIRONMENTS = ["dev", "lab", "outpost", "outpost-local", "prod"];

describe("network stacks", () => {
  let synths: Map<string, string>;
  const network = (env: string) => synths.get(`${env}-network`)!;
  const subnets = (env: string, tier: string) =>
    resourcesOf(network(env), "aws_subnet").filter((s) => (s.tags as Record<string, string>).tier === tier);

  beforeAll(() => {
    synths = synthAll(buildApp());
  });

  it("exist for every AWS environment, with one state stack, and not for the kubeconfig one", () => {
    const networkAndState = [...synths.keys()].filter(
      (name) => name.endsWith("-network") || name === "state",
    );
    expect(networkAndState.sort()).toEqual(
      [...NETWORK_ENVIRONMENTS.map((e) => `${e}-network`), "state"].sort(),
    );
  });

  it.each(NETWORK_ENVIRONMENTS)("%s-network matches the reviewed snapshot", (env) => {
    expect(network(env)).toMatchSnapshot();
  });

  it("raises no guardrail error in any stack", () => {
    const app = buildApp();
    for (const stack of stacksOf(app).values()) expect(errorAnnotations(stack)).toEqual([]);
  });

  describe("backend", () => {
    it.each(NETWORK_ENVIRONMENTS)(
      "%s keeps its state encrypted in the bootstrap bucket, locked twice",
      (env) => {
        // The backend of the environment's own region (outpost-local is in Ireland).
        const region = environment(env).region;
        expect(parse(network(env)).terraform?.backend).toEqual({
          s3: {
            bucket: `dataplatform-tfstate-111111111111-${region}`,
            key: `${env}/network.tfstate`,
            region,
            dynamodb_table: "dataplatform-tfstate-lock",
            encrypt: true,
            kms_key_id: `arn:aws:kms:${region}:111111111111:alias/dataplatform-tfstate`,
            use_lockfile: true,
          },
        });
      },
    );

    it("drops S3 native locking when the environment opts out", () => {
      const env = parseEnvironment({
        ...environment("dev"),
        state: { useLockfile: false },
      });
      const stack = buildEnvironment(Testing.app(), env).network!;
      const backend = parse(Testing.synth(stack)).terraform?.backend as { s3: Record<string, unknown> };
      expect(backend.s3.use_lockfile).toBeUndefined();
      expect(backend.s3.dynamodb_table).toBe("dataplatform-tfstate-lock");
    });
  });

  describe("provider", () => {
    it.each(NETWORK_ENVIRONMENTS)("%s is pinned to its account and region and tags everything", (env) => {
      const [aws] = parse(network(env)).provider!.aws;
      expect(aws.region).toBe(env === "outpost-local" ? "eu-west-1" : "eu-west-3");
      expect(aws.allowed_account_ids).toEqual(["111111111111"]);
      const tags = (aws.default_tags as Array<{ tags: Record<string, string> }>)[0].tags;
      expect(Object.keys(tags)).toEqual(expect.arrayContaining([...REQUIRED_TAG_KEYS]));
      expect(tags).toMatchObject({ environment: env, "managed-by": "cdktf", project: "dataplatform" });
    });
  });

  describe("VPC and subnets", () => {
    it("creates the configured VPC with DNS for private endpoints", () => {
      expect(network("prod")).toHaveResourceWithProperties(Vpc, {
        cidr_block: "10.30.0.0/16",
        enable_dns_hostnames: true,
        enable_dns_support: true,
      });
    });

    it("computes real CIDRs for every tier in every AZ", () => {
      expect(subnets("prod", "private").map((s) => [s.availability_zone, s.cidr_block])).toEqual([
        ["eu-west-3a", "10.30.0.0/19"],
        ["eu-west-3b", "10.30.32.0/19"],
        ["eu-west-3c", "10.30.64.0/19"],
      ]);
      expect(subnets("prod", "public").map((s) => s.cidr_block)).toEqual([
        "10.30.96.0/24",
        "10.30.97.0/24",
        "10.30.98.0/24",
      ]);
      expect(subnets("prod", "intra").map((s) => s.cidr_block)).toEqual([
        "10.30.99.0/28",
        "10.30.99.16/28",
        "10.30.99.32/28",
      ]);
      expect(subnets("lab", "private").map((s) => s.cidr_block)).toEqual(["10.60.0.0/23", "10.60.2.0/23"]);
    });

    it("never gives instances public IPs on launch", () => {
      for (const env of NETWORK_ENVIRONMENTS) {
        resourcesOf(network(env), "aws_subnet").forEach((s) => expect(s.map_public_ip_on_launch).toBe(false));
      }
    });

    it("tags public subnets for internet-facing and private ones for internal load balancers and Karpenter", () => {
      subnets("dev", "public").forEach((s) =>
        expect(s.tags).toMatchObject({ "kubernetes.io/role/elb": "1" }),
      );
      subnets("dev", "private").forEach((s) =>
        expect(s.tags).toMatchObject({
          "kubernetes.io/role/internal-elb": "1",
          "karpenter.sh/discovery": "dataplatform-dev",
        }),
      );
      subnets("dev", "intra").forEach((s) => expect(s.tags).not.toHaveProperty("karpenter.sh/discovery"));
    });

    it("closes the default security group", () => {
      const sg = onlyResource(network("dev"), "aws_default_security_group");
      expect(sg.ingress).toEqual([]);
      expect(sg.egress).toEqual([]);
    });
  });

  describe("routing", () => {
    const routes = (env: string) => resourcesOf(network(env), "aws_route");

    it("sends only the public route table to the internet gateway", () => {
      const igwRoutes = routes("prod").filter((r) => r.gateway_id);
      expect(igwRoutes).toEqual([
        expect.objectContaining({
          destination_cidr_block: "0.0.0.0/0",
          route_table_id: expect.stringMatching(/PublicRouteTable/),
          gateway_id: refTo(network("prod"), "aws_internet_gateway", "id"),
        }),
      ]);
    });

    it("uses one NAT gateway in dev and one per AZ in prod", () => {
      expect(resourcesOf(network("dev"), "aws_nat_gateway")).toHaveLength(1);
      expect(resourcesOf(network("prod"), "aws_nat_gateway")).toHaveLength(3);
    });

    it("routes each private AZ through its own NAT gateway in prod", () => {
      const natRefs = new Set(
        routes("prod")
          .filter((r) => r.nat_gateway_id)
          .map((r) => r.nat_gateway_id),
      );
      expect(natRefs.size).toBe(3);
    });

    it("keeps intra subnets without any route to the internet", () => {
      const intraTable = Object.entries(parse(network("dev")).resource!.aws_route_table).find(([name]) =>
        name.includes("IntraRouteTable"),
      )![0];
      routes("dev").forEach((r) => expect(String(r.route_table_id)).not.toContain(intraTable));
      expect(resourcesOf(network("dev"), "aws_route_table").find((t) => t.route)).toBeUndefined();
    });
  });

  describe("flow logs", () => {
    it.each(NETWORK_ENVIRONMENTS)(
      "%s logs all traffic to a KMS-encrypted group with its retention",
      (env) => {
        expect(network(env)).toHaveResourceWithProperties(FlowLog, {
          traffic_type: "ALL",
          log_destination_type: "cloud-watch-logs",
        });
        const group = onlyResource(network(env), "aws_cloudwatch_log_group");
        expect(group.kms_key_id).toMatch(/^\$\{aws_kms_key\.LogsKey_.*\.arn\}$/);
        expect(group.retention_in_days).toBe(environment(env).network!.flowLogRetentionDays);
      },
    );

    it("lets only this account's flow logs assume the delivery role", () => {
      const role = onlyResource(network("dev"), "aws_iam_role");
      const trust = JSON.parse(String(role.assume_role_policy));
      expect(trust.Statement).toEqual([
        {
          Effect: "Allow",
          Principal: { Service: "vpc-flow-logs.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: {
            StringEquals: { "aws:SourceAccount": "111111111111" },
            ArnLike: { "aws:SourceArn": "arn:aws:ec2:eu-west-3:111111111111:vpc-flow-log/*" },
          },
        },
      ]);
    });

    it("lets the delivery role write to its own log group only", () => {
      const policy = JSON.parse(String(onlyResource(network("dev"), "aws_iam_role_policy").policy));
      const group = refTo(network("dev"), "aws_cloudwatch_log_group", "arn");
      expect(policy.Statement).toEqual([
        {
          Sid: "WriteFlowLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [group, `${group}:*`],
        },
        {
          Sid: "FindLogGroups",
          Effect: "Allow",
          Action: "logs:DescribeLogGroups",
          Resource: "arn:aws:logs:eu-west-3:111111111111:log-group:*",
        },
      ]);
      expect(onlyResource(network("dev"), "aws_flow_log").depends_on).toEqual([
        expect.stringMatching(/^aws_iam_role_policy\./),
      ]);
    });

    it("admits CloudWatch Logs to the logs key only for this account's log groups", () => {
      const key = onlyResource(network("dev"), "aws_kms_key");
      expect(key.enable_key_rotation).toBe(true);
      const statement = JSON.parse(String(key.policy)).Statement.find(
        (s: { Sid: string }) => s.Sid === "CloudWatchLogsOfThisAccount",
      );
      expect(statement.Principal).toEqual({ Service: "logs.eu-west-3.amazonaws.com" });
      expect(statement.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"]).toBe(
        "arn:aws:logs:eu-west-3:111111111111:log-group:*",
      );
    });
  });

  describe("endpoints", () => {
    const endpoints = (env: string) => resourcesOf(network(env), "aws_vpc_endpoint");

    it("puts an S3 gateway endpoint on the private and intra route tables", () => {
      const s3 = endpoints("prod").find((e) => e.vpc_endpoint_type === "Gateway")!;
      expect(s3.service_name).toBe("com.amazonaws.eu-west-3.s3");
      expect(s3.route_table_ids).toHaveLength(4);
    });

    it("creates the configured interface endpoints with private DNS in the private subnets", () => {
      const interfaces = endpoints("dev").filter((e) => e.vpc_endpoint_type === "Interface");
      expect(interfaces.map((e) => e.service_name).sort()).toEqual(
        environment("dev")
          .network!.interfaceEndpoints.map((s) => `com.amazonaws.eu-west-3.${s}`)
          .sort(),
      );
      interfaces.forEach((e) => {
        expect(e.private_dns_enabled).toBe(true);
        expect(e.subnet_ids).toHaveLength(2);
      });
    });

    it("admits only HTTPS from inside the VPC to the interface endpoints", () => {
      const rule = onlyResource(network("prod"), "aws_vpc_security_group_ingress_rule");
      expect(rule).toMatchObject({
        cidr_ipv4: "10.30.0.0/16",
        from_port: 443,
        to_port: 443,
        ip_protocol: "tcp",
      });
    });

    it("lets nothing out of the endpoints' security group", () => {
      expect(resourcesOf(network("prod"), "aws_vpc_security_group_egress_rule")).toEqual([]);
      const group = onlyResource(network("prod"), "aws_security_group");
      expect(group).not.toHaveProperty("ingress");
      expect(group).not.toHaveProperty("egress");
    });
  });

  describe("Outpost subnet", () => {
    it.each(["outpost", "outpost-local"])(
      "%s has one on the rack, routed through its AZ's private route table",
      (env) => {
        const [subnet] = subnets(env, "outpost");
        const config = environment(env).outpost!;
        expect(subnet).toMatchObject({
          outpost_arn: config.arn,
          availability_zone: config.availabilityZone,
          cidr_block: config.subnetCidr,
        });
        expect(subnet.tags).not.toHaveProperty("karpenter.sh/discovery");
        const association = resourcesOf(network(env), "aws_route_table_association").find((a) =>
          String(a.subnet_id).includes("OutpostSubnet"),
        )!;
        expect(association.route_table_id).toMatch(
          new RegExp(`PrivateRouteTable-${config.availabilityZone}_`),
        );
        expect(parse(network(env)).output).toHaveProperty("outpost_subnet_id");
      },
    );

    it.each(["dev", "prod", "lab"])("%s has none", (env) => {
      expect(subnets(env, "outpost")).toEqual([]);
      expect(parse(network(env)).output).not.toHaveProperty("outpost_subnet_id");
    });
  });

  it("outputs what the later layers need", () => {
    const named = Object.keys(parse(network("dev")).output ?? {}).filter(
      (o) => !o.startsWith("cross-stack-output-"),
    );
    expect(named.sort()).toEqual([
      "intra_subnet_ids",
      "logs_kms_key_arn",
      "private_route_table_ids",
      "private_subnet_ids",
      "public_subnet_ids",
      "vpc_cidr",
      "vpc_id",
    ]);
  });
});
