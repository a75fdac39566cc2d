import {
  hadoopConfigurationXml,
  metastoreSiteProperties,
} from "../../../../constructs/addons/hive-metastore/site";

describe("hive-site.xml", () => {
  it("is a Hadoop configuration file, properties sorted by name, values XML-escaped", () => {
    expect(hadoopConfigurationXml({ "b.key": 'x<y & "z"', "a.key": "${env.A}" })).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<configuration>",
        "  <property>",
        "    <name>a.key</name>",
        "    <value>${env.A}</value>",
        "  </property>",
        "  <property>",
        "    <name>b.key</name>",
        "    <value>x&lt;y &amp; &quot;z&quot;</value>",
        "  </property>",
        "</configuration>",
        "",
      ].join("\n"),
    );
  });

  it("holds the connection as Hadoop ${env.NAME} references and the warehouse on S3A", () => {
    const properties = metastoreSiteProperties({
      warehouseBucket: "warehouse",
      s3a: {
        endpoint: "http://minio.minio.svc:9000/",
        region: "us-east-1",
        pathStyleAccess: true,
        credentials: { type: "secret", secretName: "s3" },
      },
    });
    expect(properties).toEqual({
      "javax.jdo.option.ConnectionDriverName": "org.postgresql.Driver",
      "javax.jdo.option.ConnectionURL": "${env.METASTORE_DB_URL}",
      "javax.jdo.option.ConnectionUserName": "${env.METASTORE_DB_USER}",
      "javax.jdo.option.ConnectionPassword": "${env.METASTORE_DB_PASSWORD}",
      "hive.metastore.warehouse.dir": "s3a://warehouse/",
      "hive.metastore.warehouse.external.dir": "s3a://warehouse/",
      "metastore.metastore.event.db.notification.api.auth": "false",
      "hive.metastore.disallow.incompatible.col.type.changes": "false",
      "fs.s3a.impl": "org.apache.hadoop.fs.s3a.S3AFileSystem",
      "fs.s3a.endpoint": "http://minio.minio.svc:9000",
      "fs.s3a.endpoint.region": "us-east-1",
      "fs.s3a.path.style.access": "true",
      "fs.s3a.connection.ssl.enabled": "false",
      "fs.s3a.aws.credentials.provider": "com.amazonaws.auth.EnvironmentVariableCredentialsProvider",
    });
  });
});
