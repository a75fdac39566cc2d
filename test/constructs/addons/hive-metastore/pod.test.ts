import { java8TruststoreOptions } from "../../../../constructs/addons/hive-metastore/pod";

describe("truststore flags for Java 8", () => {
  it("keep the store and its password and name the JKS type, once", () => {
    expect(
      java8TruststoreOptions(
        "-Djavax.net.ssl.trustStore=/t/cacerts -Djavax.net.ssl.trustStorePassword=changeit -Djavax.net.ssl.trustStoreType=PKCS12",
      ),
    ).toEqual([
      "-Djavax.net.ssl.trustStore=/t/cacerts",
      "-Djavax.net.ssl.trustStorePassword=changeit",
      "-Djavax.net.ssl.trustStoreType=JKS",
    ]);
  });
});
