import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CA_BUNDLE_DIR,
  javaTruststore,
  TRUSTSTORE_DIR,
  truststoreScript,
} from "../../../../constructs/addons/common/java-truststore";
import { selfSignedPem } from "../../../helpers/certificates";

/** The JDK of this machine (keytool and a cacerts file, as in the consumers' images). */
const JAVA_HOME =
  process.env.JAVA_HOME ??
  execFileSync("sh", ["-c", "dirname $(dirname $(readlink -f $(which java)))"]).toString().trim();

describe("the JVM truststore built from the platform CA", () => {
  let dir: string;
  const run = (bundle: string) => {
    const caDir = join(dir, "ca");
    const storeDir = join(dir, "store");
    rmSync(storeDir, { recursive: true, force: true });
    mkdirSync(caDir, { recursive: true });
    mkdirSync(storeDir, { recursive: true });
    writeFileSync(join(caDir, "ca.crt"), bundle);
    // The real script, its two mount points moved under the test's directory.
    const script = truststoreScript().split(CA_BUNDLE_DIR).join(caDir).split(TRUSTSTORE_DIR).join(storeDir);
    execFileSync("sh", ["-c", script], {
      env: { ...process.env, JAVA_HOME, PATH: `${JAVA_HOME}/bin:${process.env.PATH}` },
      stdio: "pipe",
    });
    return execFileSync(`${JAVA_HOME}/bin/keytool`, [
      "-list",
      "-keystore",
      join(storeDir, "cacerts"),
      "-storepass",
      "changeit",
    ]).toString();
  };
  const ca = (name: string) => readFileSync(selfSignedPem(dir, name), "utf8");

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "truststore-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports every certificate of a bundle beside the JDK's own CAs (real sh and keytool)", () => {
    const listing = run(`site CAs\n${ca("root-a")}${ca("root-b")}`);
    expect(listing).toMatch(/platform-ca-1, .*trustedCertEntry/);
    expect(listing).toMatch(/platform-ca-2, .*trustedCertEntry/);
    expect(listing).not.toMatch(/platform-ca-3/);
    // The JDK's CAs are still there (about 100 of them).
    expect(Number(/contains (\d+) entries/.exec(listing)![1])).toBeGreaterThan(50);
  });

  it("fails on a bundle without a certificate, so the pod never starts half-trusting", () => {
    expect(() => run("not a certificate\n")).toThrow(/no certificate in/);
  });

  it("mounts the CA ConfigMap and an emptyDir, and points the JVM at the truststore", () => {
    const trust = javaTruststore(
      { configMapName: "platform-ca" },
      "apache/spark:3.5.8-scala2.12-java17-python3-ubuntu",
    );
    expect(trust.volumes).toEqual([
      { name: "platform-ca", configMap: { name: "platform-ca" } },
      { name: "platform-truststore", emptyDir: { sizeLimit: "16Mi" } },
    ]);
    expect(trust.initContainer.image).toBe("apache/spark:3.5.8-scala2.12-java17-python3-ubuntu");
    expect(trust.javaOptions).toBe(
      "-Djavax.net.ssl.trustStore=/etc/platform-truststore/cacerts -Djavax.net.ssl.trustStorePassword=changeit",
    );
  });
});
