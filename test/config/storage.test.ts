import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnvironment } from "../../config/define";
import { readCaBundle } from "../../config/storage-rules";
import { selfSignedPem } from "../helpers/certificates";
import { environment } from "../helpers/synth";

const dev = environment("dev");
const lab = environment("lab");
const prod = environment("prod");
const onprem = environment("onprem");
const withData = (env: typeof dev, changes: Record<string, unknown>) => ({
  ...env,
  data: { ...env.data, ...changes },
});
const labTls = (changes: Record<string, unknown>) =>
  withData(lab, { minio: { tlsSecretName: "minio-tls" }, ...changes });

// Real certificates made by openssl for the test: a CA, a leaf (not a CA), and garbage.
let dir: string;
let caFile: string;
let leafFile: string;
let brokenFile: string;
let twoCaFile: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "platform-ca-"));
  caFile = selfSignedPem(dir, "site-ca");
  const second = selfSignedPem(dir, "second-ca");
  twoCaFile = join(dir, "bundle.pem");
  writeFileSync(twoCaFile, `Site CAs\n${readFileSync(caFile, "utf8")}${readFileSync(second, "utf8")}`);
  leafFile = selfSignedPem(dir, "leaf", { ca: false, subject: "minio.minio.svc" });
  brokenFile = join(dir, "broken.pem");
  writeFileSync(
    brokenFile,
    "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n",
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the object store's CA", () => {
  it("reads a PEM bundle's certificates (text around them dropped)", () => {
    const pem = readCaBundle(twoCaFile);
    expect(pem.match(/-----BEGIN CERTIFICATE-----/g)).toHaveLength(2);
    expect(pem).not.toContain("Site CAs");
  });

  it("accepts a file or a Secret reference with MinIO over TLS", () => {
    expect(parseEnvironment(labTls({ objectStoreCa: { file: caFile } })).data.objectStoreCa).toEqual({
      file: caFile,
    });
    expect(onprem.data.objectStoreCa).toEqual({
      secret: { namespace: "cert-manager", name: "site-ca-public", key: "ca.crt" },
    });
  });

  describe("refuses", () => {
    it("a CA path that does not exist", () => {
      expect(() => parseEnvironment(labTls({ objectStoreCa: { file: join(dir, "missing.pem") } }))).toThrow(
        /environment "lab": data\.objectStoreCa\.file: expected a PEM file of CA certificates: no file at .*missing\.pem/,
      );
    });

    it("a file that is not PEM", () => {
      const notPem = join(dir, "notes.txt");
      writeFileSync(notPem, "the CA is on the wiki\n");
      expect(() => parseEnvironment(labTls({ objectStoreCa: { file: notPem } }))).toThrow(
        /data\.objectStoreCa\.file: expected a PEM file of CA certificates: .*notes\.txt holds no PEM certificate/,
      );
    });

    it("a PEM block that does not parse", () => {
      expect(() => parseEnvironment(labTls({ objectStoreCa: { file: brokenFile } }))).toThrow(
        /data\.objectStoreCa\.file: expected a PEM file of CA certificates: certificate 1 of .*broken\.pem does not parse/,
      );
    });

    it("a certificate that is not a CA's", () => {
      expect(() => parseEnvironment(labTls({ objectStoreCa: { file: leafFile } }))).toThrow(
        /certificate 1 of .*leaf\.pem \(CN=minio\.minio\.svc\) is not a CA certificate/,
      );
    });

    it("a CA Secret in a namespace the data stack creates (read at plan, before it exists)", () => {
      const ca = { secret: { namespace: "minio", name: "minio-tls", key: "ca.crt" } };
      expect(() => parseEnvironment(labTls({ objectStoreCa: ca }))).toThrow(
        /environment "lab": data\.objectStoreCa\.secret\.namespace: expected a namespace the data stack does not create .*every key of the Secret is copied into the state.*, received "minio"/,
      );
    });

    it("a certificate issuer without the Secret name it writes", () => {
      const minio = { certificateIssuer: { kind: "ClusterIssuer", name: "site-ca" } };
      expect(() => parseEnvironment(withData(lab, { minio }))).toThrow(
        /data\.minio\.certificateIssuer: expected data\.minio\.tlsSecretName too/,
      );
    });

    it("MinIO over TLS without its CA", () => {
      expect(() => parseEnvironment(labTls({}))).toThrow(
        /environment "lab": data\.objectStoreCa: expected the CA of MinIO's certificate when data\.minio\.tlsSecretName is set/,
      );
    });

    it("a CA for a MinIO that serves plain HTTP, or for AWS's own S3 endpoints", () => {
      expect(() => parseEnvironment(withData(lab, { objectStoreCa: { file: caFile } }))).toThrow(
        /data\.objectStoreCa: is only used when MinIO serves TLS: set data\.minio\.tlsSecretName/,
      );
      expect(() => parseEnvironment(withData(dev, { objectStoreCa: { file: caFile } }))).toThrow(
        /data\.objectStoreCa: is only supported with MinIO: on S3 the same clients also call AWS STS and KMS/,
      );
    });
  });
});

describe("the Hive Metastore", () => {
  it("is asked for in lab and onprem", () => {
    expect(lab.data.metastore).toBe("hive");
    expect(onprem.data.metastore).toBe("hive");
  });

  it("refuses the in-cluster PostgreSQL in production", () => {
    expect(() => parseEnvironment(withData(prod, { metastore: "hive", database: "in-cluster" }))).toThrow(
      /environment "prod": data\.metastore: expected data\.database "rds" for a Hive Metastore in production/,
    );
  });

  it("refuses Pod Identity on S3, which the metastore image's AWS SDK predates", () => {
    expect(() => parseEnvironment(withData(dev, { metastore: "hive" }))).toThrow(
      /environment "dev": data\.s3Identity: expected "irsa" with data\.metastore: "hive" on S3: the apache\/hive 4\.0\.0 image carries AWS SDK 1\.12\.367/,
    );
    expect(parseEnvironment(withData(dev, { metastore: "hive", s3Identity: "irsa" })).data.metastore).toBe(
      "hive",
    );
  });

  it("refuses Trino catalog settings that the metastore decides", () => {
    const trino = { catalogType: "hive_metastore", metastoreUri: "thrift://elsewhere:9083" };
    expect(() => parseEnvironment(withData(lab, { trino }))).toThrow(
      /data\.trino\.catalogType: is set by data\.metastore: "hive"/,
    );
  });
});

describe("TopoLVM", () => {
  const classes = (deviceClasses: unknown[]) => ({ storage: "topolvm", topolvm: { deviceClasses } });

  it("is onprem's storage, with one default device class", () => {
    expect(onprem.data.storage).toBe("topolvm");
    expect(onprem.data.topolvm?.deviceClasses).toEqual([
      { name: "ssd", volumeGroup: "vg-data", default: true },
    ]);
    expect(dev.data.storage).toBe("default");
  });

  describe("refuses", () => {
    it("TopoLVM on EKS", () => {
      expect(() =>
        parseEnvironment(withData(dev, classes([{ name: "ssd", volumeGroup: "vg", default: true }]))),
      ).toThrow(
        /environment "dev": data\.storage: expected "default" on EKS: TopoLVM is for brought clusters/,
      );
    });

    it("TopoLVM without device classes, and device classes without TopoLVM", () => {
      expect(() => parseEnvironment(withData(onprem, { topolvm: undefined }))).toThrow(
        /data\.topolvm: expected the device classes \(volume groups\) when data\.storage is "topolvm"/,
      );
      expect(() => parseEnvironment(withData(onprem, { storage: "default" }))).toThrow(
        /data\.topolvm: is only used when data\.storage is "topolvm"/,
      );
    });

    it("no default class, or two", () => {
      expect(() => parseEnvironment(withData(onprem, classes([{ name: "ssd", volumeGroup: "vg" }])))).toThrow(
        /data\.topolvm\.deviceClasses: expected exactly one device class with default: true, received 0/,
      );
      const two = [
        { name: "ssd", volumeGroup: "vg1", default: true },
        { name: "hdd", volumeGroup: "vg2", default: true },
      ];
      expect(() => parseEnvironment(withData(onprem, classes(two)))).toThrow(/received 2/);
    });

    it("two classes of one name, and a volume group name LVM refuses", () => {
      const same = [
        { name: "ssd", volumeGroup: "vg1", default: true },
        { name: "ssd", volumeGroup: "vg2" },
      ];
      expect(() => parseEnvironment(withData(onprem, classes(same)))).toThrow(
        /data\.topolvm\.deviceClasses\[1\]\.name: expected a name no other device class uses/,
      );
      expect(() =>
        parseEnvironment(withData(onprem, classes([{ name: "ssd", volumeGroup: "-vg", default: true }]))),
      ).toThrow(/data\.topolvm\.deviceClasses\[0\]\.volumeGroup: expected an LVM volume group name/);
    });

    it("a StorageClass name beside TopoLVM", () => {
      expect(() => parseEnvironment(withData(onprem, { storageClassName: "local-path" }))).toThrow(
        /data\.storageClassName: is chosen by data\.storage: "topolvm"/,
      );
    });
  });
});
