import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { isOutpostMode } from "../config/cluster-schema";
import { cloudWatchLogsKeyStatement } from "../constructs/kms/cloudwatch-logs-statement";
import { EncryptionKey } from "../constructs/kms/encryption-key";
import { Network } from "../constructs/network/network";
import { EnvironmentStack, type EnvironmentStackProps } from "./environment-stack";

/** `<env>-network`: the VPC, its subnets, NAT, flow logs and endpoints, and the logs CMK. */
export class NetworkStack extends EnvironmentStack {
  public readonly network: Network;
  public readonly logsKey: EncryptionKey;

  constructor(scope: Construct, props: EnvironmentStackProps) {
    super(scope, "network", props);
    const env = this.env;
    const network = env.network;
    if (!network) throw new Error(`environment "${env.name}": the network stack needs a network block`);
    const outpostModes = isOutpostMode(env.cluster.mode);

    this.logsKey = new EncryptionKey(this, "LogsKey", {
      description: `Encrypts CloudWatch log groups of ${env.resourcePrefix}`,
      aliasName: `${env.resourcePrefix}-logs`,
      accountId: env.accountId,
      region: env.region,
      additionalStatements: [cloudWatchLogsKeyStatement(env.accountId, env.region)],
    });

    this.network = new Network(this, "Network", {
      namePrefix: env.resourcePrefix,
      cidr: network.cidr,
      availabilityZones: network.availabilityZones,
      natGateways: network.natGateways,
      accountId: env.accountId,
      region: env.region,
      clusterName: env.clusterName,
      flowLogRetentionInDays: network.flowLogRetentionDays,
      logsKmsKeyArn: this.logsKey.key.arn,
      subnetPrefixLengths: network.subnetPrefixLengths,
      interfaceEndpoints: network.interfaceEndpoints,
      outpost:
        outpostModes && env.outpost
          ? {
              outpostArn: env.outpost.arn,
              availabilityZone: env.outpost.availabilityZone,
              cidr: env.outpost.subnetCidr,
            }
          : undefined,
    });

    const ids = (subnets: ReadonlyArray<{ id: string }>) => subnets.map((s) => s.id);
    new TerraformOutput(this, "vpc_id", { value: this.network.vpc.id });
    new TerraformOutput(this, "vpc_cidr", { value: network.cidr });
    new TerraformOutput(this, "public_subnet_ids", { value: ids(this.network.subnets.public) });
    new TerraformOutput(this, "private_subnet_ids", { value: ids(this.network.subnets.private) });
    new TerraformOutput(this, "intra_subnet_ids", { value: ids(this.network.subnets.intra) });
    new TerraformOutput(this, "private_route_table_ids", { value: ids(this.network.privateRouteTables) });
    new TerraformOutput(this, "logs_kms_key_arn", { value: this.logsKey.key.arn });
    if (this.network.outpostSubnet) {
      new TerraformOutput(this, "outpost_subnet_id", { value: this.network.outpostSubnet.id });
    }
  }
}
