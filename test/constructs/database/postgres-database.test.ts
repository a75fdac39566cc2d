import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { TerraformStack, Testing } from "cdktf";
import { PostgresDatabase, type PostgresDatabaseProps } from "../../../constructs/database/postgres-database";
import { ebsCsiDriverValues } from "../../../constructs/addons/aws-ebs-csi-driver";

const props: PostgresDatabaseProps = {
  identifier: "demo",
  vpcId: "vpc-1",
  subnetIds: ["subnet-o"],
  clientSecurityGroupIds: ["sg-nodes"],
  kmsKeyArn: "arn:key",
  engineVersion: "16.13",
  instanceClass: "db.m5.large",
  allocatedStorageGiB: 50,
  storageType: "gp2",
  backupRetentionDays: 7,
  logsKmsKeyArn: "arn:logs",
  logRetentionDays: 30,
};

function stack(): TerraformStack {
  const s = new TerraformStack(Testing.app(), "test");
  new AwsProvider(s, "aws", { region: "eu-west-3" });
  return s;
}

describe("PostgresDatabase", () => {
  it("refuses Multi-AZ or storage autoscaling on an Outpost", () => {
    expect(
      () =>
        new PostgresDatabase(stack(), "Db", { ...props, multiAz: true, outpost: { backupTarget: "region" } }),
    ).toThrow(/test\/Db: a database on an Outpost supports neither multiAz nor storage autoscaling/);
  });

  it("refuses an empty subnet group", () => {
    expect(() => new PostgresDatabase(stack(), "Db", { ...props, subnetIds: [] })).toThrow(
      /subnetIds needs at least one subnet/,
    );
  });

  it("names its parameter group family after the major version", () => {
    const s = stack();
    new PostgresDatabase(s, "Db", props);
    const group = Object.values(JSON.parse(Testing.synth(s)).resource.aws_db_parameter_group)[0] as Record<
      string,
      unknown
    >;
    expect(group.family).toBe("postgres16");
  });
});

describe("EBS CSI driver chart values", () => {
  it("pin the controller's region and placement", () => {
    expect(ebsCsiDriverValues({ region: "eu-west-3", controllerNodeSelector: { pool: "outpost" } })).toEqual({
      controller: {
        region: "eu-west-3",
        replicaCount: 2,
        nodeSelector: { pool: "outpost" },
        tolerations: [],
      },
      node: { tolerateAllTaints: true },
    });
  });
});
