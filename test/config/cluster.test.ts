import { parseEnvironment } from "../../config/define";
import { environment } from "../helpers/synth";

const dev = environment("dev");
const prod = environment("prod");
const outpost = environment("outpost");
const local = environment("outpost-local");

const devCluster = (changes: Record<string, unknown>) => ({
  ...dev,
  cluster: { ...dev.cluster, ...changes },
});
const localCluster = (changes: Record<string, unknown>) => ({
  ...local,
  cluster: { ...local.cluster, ...changes },
});
const outpostNodes = (env: typeof outpost, changes: Record<string, unknown>) => ({
  ...env,
  outpost: { ...env.outpost!, nodes: { ...env.outpost!.nodes, ...changes } },
});
const rds = (env: typeof dev, changes: Record<string, unknown>) => ({
  ...env,
  data: { ...env.data, rds: { ...(env.data.rds ?? {}), ...changes } },
});

describe("cluster configuration", () => {
  it("applies the cluster defaults", () => {
    expect(dev.cluster).toMatchObject({
      kubernetesVersion: "1.35",
      upgradePolicy: "STANDARD",
      endpointPublicAccess: false,
      publicAccessCidrs: [],
      logRetentionDays: 90,
      metadataHopLimit: 1,
      systemNodeGroup: {
        instanceTypes: ["m6i.large"],
        minSize: 2,
        desiredSize: 2,
        maxSize: 3,
        diskSizeGiB: 50,
      },
    });
    expect(local.cluster).toMatchObject({
      kubernetesVersion: "1.32",
      endpointPublicAccess: false,
    });
    expect(local.cluster).not.toHaveProperty("metadataHopLimit");
    expect(outpost.outpost?.nodes).toEqual({
      instanceType: "m5.xlarge",
      rootVolumeType: "gp2",
      rootVolumeSizeGiB: 50,
      capacityType: "on-demand",
      amiReleaseVersion: "recommended",
      metadataHopLimit: 2,
      minSize: 2,
      desiredSize: 2,
      maxSize: 4,
    });
  });

  it("accepts a public endpoint with an allowlist", () => {
    const env = parseEnvironment(
      devCluster({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }),
    );
    expect(env.cluster).toMatchObject({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] });
  });

  describe("refuses", () => {
    it("a Kubernetes version outside the supported list", () => {
      expect(() => parseEnvironment(devCluster({ kubernetesVersion: "1.29" }))).toThrow(
        /environment "dev": cluster\.kubernetesVersion: expected a version EKS supports and this project has add-on versions for: 1\.32, 1\.33, 1\.34, 1\.35 \(config\/kubernetes-versions\.ts\), received "1\.29"/,
      );
    });

    it("a Kubernetes version local clusters do not offer", () => {
      expect(() => parseEnvironment(localCluster({ kubernetesVersion: "1.34" }))).toThrow(
        /environment "outpost-local": cluster\.kubernetesVersion: expected a version EKS local clusters on Outposts supports .*: 1\.32 \(config/,
      );
    });

    it("a public endpoint without CIDRs", () => {
      expect(() => parseEnvironment(devCluster({ endpointPublicAccess: true }))).toThrow(
        /environment "dev": cluster\.publicAccessCidrs: expected the CIDRs allowed to reach the public endpoint: a public endpoint without an allowlist is open to the whole internet, received \[\]/,
      );
    });

    const publicEndpoint = (publicAccessCidrs: string[]) =>
      devCluster({ endpointPublicAccess: true, publicAccessCidrs });

    it("a public endpoint open to 0.0.0.0/0", () => {
      expect(() => parseEnvironment(publicEndpoint(["0.0.0.0/0"]))).toThrow(
        /cluster\.publicAccessCidrs: together admit 4,294,967,296 addresses, more than 1,048,576 \(a \/12\)/,
      );
    });

    it("the internet split in two halves, or in many /8s", () => {
      expect(() => parseEnvironment(publicEndpoint(["0.0.0.0/1", "128.0.0.0/1"]))).toThrow(
        /cluster\.publicAccessCidrs: together admit 4,294,967,296 addresses/,
      );
      const slash10s = Array.from({ length: 5 }, (_, i) => `${20 + i}.0.0.0/10`);
      expect(() => parseEnvironment(publicEndpoint(slash10s))).toThrow(
        /together admit 20,971,520 addresses, more than 1,048,576/,
      );
    });

    it("counts overlapping entries once (a /12 split into overlapping parts is accepted)", () => {
      const env = parseEnvironment(publicEndpoint(["198.16.0.0/12", "198.16.0.0/13", "198.24.0.0/13"]));
      expect(env.cluster.mode === "regional" && env.cluster.publicAccessCidrs).toHaveLength(3);
    });

    it("an allowlist entry that is not on its network boundary", () => {
      expect(() => parseEnvironment(publicEndpoint(["203.0.113.7/24"]))).toThrow(
        /cluster\.publicAccessCidrs\[0\]: expected an IPv4 CIDR starting on its network boundary .*, received "203\.0\.113\.7\/24"/,
      );
    });

    it("a private range on the public endpoint", () => {
      expect(() => parseEnvironment(publicEndpoint(["10.8.0.0/16"]))).toThrow(
        /cluster\.publicAccessCidrs\[0\]: expected public address space: .*cluster\.apiClientCidrs, received "10\.8\.0\.0\/16"/,
      );
    });

    it("a local cluster outside the regions EKS offers them in (Paris)", () => {
      const inParis = {
        ...local,
        region: "eu-west-3",
        network: { ...local.network!, availabilityZones: ["eu-west-3a", "eu-west-3b"] },
        outpost: {
          ...local.outpost!,
          arn: local.outpost!.arn.replace("eu-west-1", "eu-west-3"),
          availabilityZone: "eu-west-3a",
        },
      };
      expect(() => parseEnvironment(inParis)).toThrow(
        /environment "outpost-local": region: expected a region where EKS creates local clusters on Outposts \(us-east-2, .*eu-west-1.*config\/eks-local-cluster-regions\.ts\), since cluster\.mode is "outpost-local"; in another region use "outpost-extended", received "eu-west-3"/,
      );
    });

    it("a local cluster in Paris even before its outpost block is written", () => {
      const withoutRack: Record<string, unknown> = { ...local, region: "eu-west-3" };
      delete withoutRack.outpost;
      const network = { ...local.network!, availabilityZones: ["eu-west-3a", "eu-west-3b"] };
      expect(() => parseEnvironment({ ...withoutRack, network })).toThrow(
        /outpost: is required when cluster\.mode is "outpost-local"[\s\S]*region: expected a region where EKS creates local clusters/,
      );
    });

    it("an instance type of a size its family does not have", () => {
      expect(() =>
        parseEnvironment(devCluster({ systemNodeGroup: { ...dev.cluster, instanceTypes: ["m5.nano"] } })),
      ).toThrow(
        /cluster\.systemNodeGroup\.instanceTypes\[0\]: expected a size m5 has: m5\.large, .*, received "m5\.nano"/,
      );
    });

    it("a malformed instance type", () => {
      expect(() => parseEnvironment(outpostNodes(outpost, { instanceType: "m5.hugeone" }))).toThrow(
        /outpost\.nodes\.instanceType: expected an EC2 instance type <family>\.<size>/,
      );
    });

    it("an add-on version that is not an EKS build", () => {
      expect(() => parseEnvironment(devCluster({ addonVersions: { coredns: "1.11.4" } }))).toThrow(
        /cluster\.addonVersions\.coredns: expected an EKS add-on version v<major>\.<minor>\.<patch>-eksbuild\.<n>.*, received "1\.11\.4"/,
      );
    });

    it("an AMI release of a date that does not exist", () => {
      expect(() => parseEnvironment(outpostNodes(outpost, { amiReleaseVersion: "v20260231" }))).toThrow(
        /outpost\.nodes\.amiReleaseVersion: expected an AMI release v<YYYYMMDD> of a real date; 2026-02-31 does not exist/,
      );
    });

    it("CIDRs for a public endpoint that is off", () => {
      expect(() => parseEnvironment(devCluster({ publicAccessCidrs: ["203.0.113.0/24"] }))).toThrow(
        /cluster\.publicAccessCidrs: has no effect while cluster\.endpointPublicAccess is false/,
      );
    });

    it("a public endpoint on a local cluster", () => {
      expect(() => parseEnvironment(localCluster({ endpointPublicAccess: true }))).toThrow(
        /environment "outpost-local": cluster\.endpointPublicAccess: a local cluster on an Outpost has a private endpoint only; expected false/,
      );
    });

    it("a cluster without admin principals", () => {
      expect(() => parseEnvironment(devCluster({ adminPrincipalArns: [] }))).toThrow(
        /cluster\.adminPrincipalArns: expected at least one principal: the cluster grants no implicit admin/,
      );
    });

    it("a principal that is both admin and viewer (EKS takes one access entry per principal)", () => {
      const arn = "arn:aws:iam::111111111111:role/platform-admin";
      expect(() =>
        parseEnvironment(devCluster({ adminPrincipalArns: [arn], viewerPrincipalArns: [arn] })),
      ).toThrow(
        /cluster\.viewerPrincipalArns: expected principals that are not cluster admins .*remove arn:aws:iam::111111111111:role\/platform-admin from one of the two lists/,
      );
    });

    it("a viewer principal that is not an IAM role or user ARN", () => {
      expect(() => parseEnvironment(devCluster({ viewerPrincipalArns: ["ci-plan"] }))).toThrow(
        /cluster\.viewerPrincipalArns\[0\]: expected an IAM role or user ARN/,
      );
    });

    it("an admin principal that is not an IAM role or user ARN", () => {
      expect(() => parseEnvironment(devCluster({ adminPrincipalArns: ["platform-admin"] }))).toThrow(
        /cluster\.adminPrincipalArns\[0\]: expected an IAM role or user ARN/,
      );
    });

    it("a system node group of fewer than two nodes", () => {
      expect(() => parseEnvironment(devCluster({ systemNodeGroup: { minSize: 1 } }))).toThrow(
        /cluster\.systemNodeGroup\.minSize: expected 2 to 500 nodes, received 1/,
      );
    });

    it("system node group sizes out of order", () => {
      expect(() =>
        parseEnvironment(devCluster({ systemNodeGroup: { minSize: 3, desiredSize: 2, maxSize: 4 } })),
      ).toThrow(
        /environment "dev": cluster\.systemNodeGroup: expected minSize ≤ desiredSize ≤ maxSize, received \{"minSize":3,"desiredSize":2,"maxSize":4\}/,
      );
    });

    it("Outpost node sizes out of order", () => {
      expect(() =>
        parseEnvironment(outpostNodes(outpost, { minSize: 2, desiredSize: 5, maxSize: 4 })),
      ).toThrow(/environment "outpost": outpost\.nodes: expected minSize ≤ desiredSize ≤ maxSize/);
    });

    it("an instance type of the wrong architecture for the AMI type", () => {
      expect(() =>
        parseEnvironment(devCluster({ systemNodeGroup: { instanceTypes: ["m7g.large"] } })),
      ).toThrow(
        /cluster\.systemNodeGroup\.instanceTypes\[0\]: expected an instance type of the AMI's architecture \(AL2023_x86_64_STANDARD\), received "m7g\.large"/,
      );
    });

    it("an Outpost instance type outside the rack's families", () => {
      expect(() => parseEnvironment(outpostNodes(outpost, { instanceType: "m6i.xlarge" }))).toThrow(
        /environment "outpost": outpost\.nodes\.instanceType: expected an instance type of the Outpost's families \(m5, c5, r5, g4dn, i3en; see outpost\.instanceFamilies\), received "m6i\.xlarge"/,
      );
    });

    it.each(["gp3", "io1", "io2"])("a %s root volume on the Outpost", (volumeType) => {
      expect(() => parseEnvironment(outpostNodes(outpost, { rootVolumeType: volumeType }))).toThrow(
        new RegExp(
          `outpost\\.nodes\\.rootVolumeType: expected "gp2": EBS on an Outpost rack offers gp2 only \\(no gp3, io1 or io2\\), received "${volumeType}"`,
        ),
      );
    });

    it("Spot capacity on the Outpost", () => {
      expect(() => parseEnvironment(outpostNodes(local, { capacityType: "spot" }))).toThrow(
        /environment "outpost-local": outpost\.nodes\.capacityType: expected "on-demand": an Outpost rack has no Spot capacity, received "spot"/,
      );
    });

    it("Karpenter on a local cluster", () => {
      expect(() => parseEnvironment({ ...local, karpenter: { enabled: true } })).toThrow(
        /karpenter\.enabled: must be false when cluster\.mode is "outpost-local": Karpenter needs EC2 Fleet/,
      );
    });

    it("a control-plane instance type outside the rack's families", () => {
      expect(() => parseEnvironment(localCluster({ controlPlane: { instanceType: "m6i.large" } }))).toThrow(
        /cluster\.controlPlane\.instanceType: expected an instance type of the Outpost's families/,
      );
    });

    it("a derived control-plane instance type outside the rack's families", () => {
      const withoutM5 = {
        ...local,
        outpost: {
          ...local.outpost!,
          instanceFamilies: ["c5"],
          nodes: { ...local.outpost!.nodes, instanceType: "c5.xlarge" },
        },
      };
      expect(() => parseEnvironment(withoutM5)).toThrow(
        /cluster\.controlPlane\.maxNodeCount: expected an instance type of the Outpost's families \(c5; see outpost\.instanceFamilies\), received "m5\.large"/,
      );
    });

    it("an expected node count below the Outpost node group's maximum", () => {
      expect(() => parseEnvironment(localCluster({ controlPlane: { maxNodeCount: 3 } }))).toThrow(
        /cluster\.controlPlane\.maxNodeCount: expected at least outpost\.nodes\.maxSize \(4\): the control plane is sized for it, received 3/,
      );
    });

    it("an expected node count a local cluster cannot reach", () => {
      expect(() => parseEnvironment(localCluster({ controlPlane: { maxNodeCount: 501 } }))).toThrow(
        /cluster\.controlPlane\.maxNodeCount: expected 1 to 500 nodes, received 501/,
      );
    });

    it("an IMDS hop limit of 1 on rack workers of an Outpost-extended cluster", () => {
      expect(() => parseEnvironment(outpostNodes(outpost, { metadataHopLimit: 1 }))).toThrow(
        /environment "outpost": outpost\.nodes\.metadataHopLimit: expected at least 2 on rack workers: the EBS CSI node plugin reads the Outpost ARN from instance metadata .*never attach, received 1/,
      );
    });

    it("an IMDS hop limit of 1 on a local cluster's workers, saying why twice over", () => {
      expect(() => parseEnvironment(outpostNodes(local, { metadataHopLimit: 1 }))).toThrow(
        /outpost\.nodes\.metadataHopLimit: expected at least 2 on rack workers: .*no IRSA or Pod Identity\), received 1/,
      );
    });

    it("a hop limit on a local cluster's cluster block (the rack workers carry it)", () => {
      expect(() => parseEnvironment(localCluster({ metadataHopLimit: 2 }))).toThrow(
        /cluster: Unrecognized key: "metadataHopLimit"/,
      );
    });

    it("an API client range outside private address space", () => {
      expect(() => parseEnvironment(devCluster({ apiClientCidrs: ["203.0.113.0/24"] }))).toThrow(
        /environment "dev": cluster\.apiClientCidrs\[0\]: expected a valid CIDR of private address space .*use publicAccessCidrs for internet ranges, received "203\.0\.113\.0\/24"/,
      );
    });

    it("a floating AMI release for Outpost workers in production", () => {
      const productionOutpost = {
        ...outpost,
        production: true,
        network: {
          ...outpost.network!,
          availabilityZones: ["eu-west-3a", "eu-west-3b", "eu-west-3c"],
          natGateways: "per-az",
          flowLogRetentionDays: 365,
        },
        cluster: { ...outpost.cluster, logRetentionDays: 365 },
      };
      expect(() => parseEnvironment(productionOutpost)).toThrow(
        /outpost\.nodes\.amiReleaseVersion: expected a pinned release such as v20251112 in a production environment/,
      );
      expect(
        parseEnvironment(
          outpostNodes(productionOutpost as typeof outpost, { amiReleaseVersion: "v20251112" }),
        ).production,
      ).toBe(true);
    });

    it("short production control-plane log retention", () => {
      expect(() => parseEnvironment({ ...prod, cluster: { ...prod.cluster, logRetentionDays: 90 } })).toThrow(
        /environment "prod": cluster\.logRetentionDays: expected at least 365 days in a production environment/,
      );
    });
  });

  describe("platform database", () => {
    /** An environment input with the `data.rds` block left out. */
    const withoutRdsBlock = (env: typeof dev, changes: Record<string, unknown> = {}) => ({
      ...env,
      ...changes,
      data: { objectStore: env.data.objectStore, database: "rds" },
    });

    it("keeps production protections when the rds block is left out: a standby and a week of backups", () => {
      const env = parseEnvironment(withoutRdsBlock(prod));
      expect(env.data.rds).toMatchObject({ multiAz: true, backupRetentionDays: 7 });
    });

    it("gives a non-production regional database no standby unless asked", () => {
      expect(parseEnvironment(withoutRdsBlock(dev)).data.rds?.multiAz).toBe(false);
    });

    it("runs the Outpost database rules when the rds block is left out", () => {
      const rackWithoutM5 = {
        ...outpost.outpost!,
        instanceFamilies: ["r5"],
        nodes: { ...outpost.outpost!.nodes, instanceType: "r5.xlarge" },
      };
      expect(() => parseEnvironment(withoutRdsBlock(outpost, { outpost: rackWithoutM5 }))).toThrow(
        /environment "outpost": data\.rds\.instanceClass: expected a db\.m5 or db\.r5 class whose family the Outpost offers \(r5\).*, received "db\.m5\.large"/,
      );
    });

    it("pins a PostgreSQL version RDS still creates by default", () => {
      expect(dev.data.rds?.engineVersion).toBe("16.13");
    });

    it.each(["16.5", "16.8", "17.4"])(
      "refuses PostgreSQL %s, which RDS stopped creating in May 2026",
      (v) => {
        expect(() => parseEnvironment(rds(dev, { engineVersion: v }))).toThrow(
          new RegExp(
            `environment "dev": data\\.rds\\.engineVersion: RDS no longer creates PostgreSQL ${v.replace(".", "\\.")} instances \\(since 2026-05-01\\); expected one of the PostgreSQL versions this project deploys, 16\\.x and 17\\.x minors RDS still creates: .*16\\.15.*, received "${v.replace(".", "\\.")}"`,
          ),
        );
      },
    );

    it("refuses a PostgreSQL version RDS does not know", () => {
      expect(() => parseEnvironment(rds(dev, { engineVersion: "16.99" }))).toThrow(
        /data\.rds\.engineVersion: expected one of the PostgreSQL versions this project deploys, 16\.x and 17\.x minors RDS still creates: 16\.9, .*\(config\/postgres-versions\.ts; add a newer minor there once RDS publishes it\), received "16\.99"/,
      );
    });

    it("accepts an instance class of the rack with backups on the rack", () => {
      const env = parseEnvironment(rds(outpost, { instanceClass: "db.r5.xlarge", backupTarget: "outposts" }));
      expect(env.data.rds).toMatchObject({ instanceClass: "db.r5.xlarge", backupTarget: "outposts" });
    });

    it("refuses RDS settings for an in-cluster database", () => {
      expect(() => parseEnvironment(rds(environment("lab"), { instanceClass: "db.m5.large" }))).toThrow(
        /environment "lab": data\.rds: is only used when data\.database is "rds"/,
      );
    });

    it("refuses a class RDS for PostgreSQL does not offer", () => {
      expect(() => parseEnvironment(rds(dev, { instanceClass: "db.z1d.large" }))).toThrow(
        /environment "dev": data\.rds\.instanceClass: .*received "db\.z1d\.large"/,
      );
    });

    it("refuses io1 storage without provisioned IOPS, and below its minimum size", () => {
      expect(() => parseEnvironment(rds(dev, { storageType: "io1", allocatedStorageGiB: 50 }))).toThrow(
        /data\.rds\.allocatedStorageGiB: expected 100 to 65,536 GiB for io1 storage, received 50[\s\S]*data\.rds\.iops: expected iops \(1,000 to 256,000\): io1 storage requires it/,
      );
    });

    it("refuses gp3 IOPS below 400 GiB, where PostgreSQL gets a fixed baseline", () => {
      expect(() => parseEnvironment(rds(dev, { allocatedStorageGiB: 100, iops: 12000 }))).toThrow(
        /data\.rds\.iops: expected no iops below 400 GiB of gp3/,
      );
    });

    it("refuses a class RDS on Outposts does not run", () => {
      expect(() => parseEnvironment(rds(outpost, { instanceClass: "db.m6g.large" }))).toThrow(
        /environment "outpost": data\.rds\.instanceClass: expected a db\.m5 or db\.r5 class whose family the Outpost offers .*, received "db\.m6g\.large"/,
      );
    });

    it.each(["gp3", "io1", "io2"])("refuses %s storage on the Outpost", (storageType) => {
      expect(() => parseEnvironment(rds(local, { storageType }))).toThrow(
        /data\.rds\.storageType: expected "gp2": RDS on an Outpost stores on gp2 only/,
      );
    });

    it("refuses Multi-AZ with a single Outpost", () => {
      expect(() => parseEnvironment(rds(outpost, { multiAz: true }))).toThrow(
        /data\.rds\.multiAz: expected false: a Multi-AZ database on Outposts needs two racks/,
      );
    });

    it("refuses backups on a rack for a regional database", () => {
      expect(() => parseEnvironment(rds(dev, { backupTarget: "outposts" }))).toThrow(
        /environment "dev": data\.rds\.backupTarget: expected "region"/,
      );
    });

    it("requires a week of backups in production", () => {
      expect(() => parseEnvironment(rds(prod, { backupRetentionDays: 3 }))).toThrow(
        /environment "prod": data\.rds\.backupRetentionDays: expected at least 7 days in a production environment, received 3/,
      );
    });

    it("requires a standby in production", () => {
      expect(() => parseEnvironment(rds(prod, { multiAz: false }))).toThrow(
        /environment "prod": data\.rds\.multiAz: expected true in a production environment/,
      );
    });

    it("refuses an autoscaling ceiling below the allocated storage", () => {
      expect(() =>
        parseEnvironment(rds(dev, { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 50 })),
      ).toThrow(
        /data\.rds\.maxAllocatedStorageGiB: expected at least data\.rds\.allocatedStorageGiB \(100\), received 50/,
      );
    });
  });
});
