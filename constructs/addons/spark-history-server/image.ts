import { SPARK_IMAGE } from "../../ecs/spark-image";

/**
 * The History Server runs the official Apache Spark image the ECS Spark runs (one Spark release for
 * the jobs writing event logs and the server replaying them), pinned by {@link SPARK_IMAGE}.
 */
export const SPARK_HISTORY_SERVER_IMAGE = `${SPARK_IMAGE.repository}:${SPARK_IMAGE.tag}`;

/**
 * UID and GID of the image's `spark` user (`ARG spark_uid=185`, `groupadd --gid` and
 * `useradd --uid` of it, `USER spark`: apache/spark-docker, 3.5.8/scala2.12-java17-ubuntu/Dockerfile).
 */
export const SPARK_UID = 185;

/**
 * `ENV SPARK_HOME=/opt/spark` of the same Dockerfile. Its JDK is that of its base image,
 * `eclipse-temurin:17-jammy` (`ENV JAVA_HOME /opt/java/openjdk`: adoptium/containers,
 * 17/jdk/ubuntu/jammy/Dockerfile), whose `cacerts` the truststore init container copies.
 */
export const SPARK_HOME = "/opt/spark";

/**
 * The server's command. `bin/spark-class` execs the JVM the launcher builds, so the server is the
 * container's process, in the foreground (the ECS master and workers run the same way). It replaces
 * the image's `/opt/entrypoint.sh`, which would only `exec "$@"` a non-driver/executor command.
 * For `org.apache.spark.deploy.history.HistoryServer` the launcher (`SparkClassCommandBuilder`) adds
 * `SPARK_DAEMON_JAVA_OPTS` then `SPARK_HISTORY_OPTS` to the JVM flags, `SPARK_DAEMON_CLASSPATH`
 * ahead of `$SPARK_HOME/jars/*`, and `-Xmx$SPARK_DAEMON_MEMORY`; it refuses an `-Xmx` in the option
 * variables. `docs/monitoring.md` documents the four for the History Server.
 */
export const HISTORY_SERVER_COMMAND: ReadonlyArray<string> = [
  `${SPARK_HOME}/bin/spark-class`,
  "org.apache.spark.deploy.history.HistoryServer",
];

/** `spark.history.ui.port`, Spark's default (docs/monitoring.md), set explicitly. */
export const HISTORY_UI_PORT = 18080;

/** Service account of the History Server (its own object-store identity: the event-log bucket only). */
export const SPARK_HISTORY_SERVICE_ACCOUNT = "spark-history-server";
