/**
 * Metrics and autoscaling of Trino's workers: the JMX exporter's rules (the coordinator's query
 * counts and required workers as Prometheus gauges) and the chart's `server.keda` block, whose
 * Prometheus triggers read those gauges from the platform's Prometheus. Pure.
 */

/** Gauges the JMX exporter publishes (names as the exporter's default naming gives them). */
export const TRINO_METRICS = {
  /** Queries waiting for resources (a resource group's queue or the required workers). */
  queued: "trino_execution_QueryManager_QueuedQueries",
  /** Queries running. */
  running: "trino_execution_QueryManager_RunningQueries",
  /** Workers the waiting queries require (`query-manager.required-workers`). */
  requiredWorkers: "trino_execution_ClusterSizeMonitor_RequiredWorkers",
} as const;

/**
 * The JMX exporter's configuration (`jmx.exporter.configProperties`, templated by the chart): only
 * the three MBeans the triggers read and the JVM memory, each as a gauge. The RMI registry port is
 * the chart's `jmx.registryPort`.
 */
export function jmxExporterConfig(): string {
  return [
    "hostPort: localhost:{{- .Values.jmx.registryPort }}",
    "startDelaySeconds: 0",
    "ssl: false",
    "lowercaseOutputName: false",
    "lowercaseOutputLabelNames: false",
    'includeObjectNames: ["trino.execution:name=QueryManager", "trino.execution:name=ClusterSizeMonitor", "java.lang:type=Memory"]',
    "rules:",
    "  - pattern: 'trino.execution<name=QueryManager><>(QueuedQueries|RunningQueries)'",
    "    name: trino_execution_QueryManager_$1",
    "    type: GAUGE",
    "  - pattern: 'trino.execution<name=ClusterSizeMonitor><>RequiredWorkers'",
    `    name: ${TRINO_METRICS.requiredWorkers}`,
    "    type: GAUGE",
    "  - pattern: 'java.lang<type=Memory><HeapMemoryUsage>(used|max)'",
    "    name: jvm_memory_heap_$1_bytes",
    "    type: GAUGE",
  ].join("\n");
}

/** What {@link kedaValues} needs. */
export interface TrinoKedaProps {
  /** Fewest workers (0 scales to zero between queries). */
  readonly minWorkers: number;
  /** Most workers. */
  readonly maxWorkers: number;
  /** In-cluster URL of the platform's Prometheus (`prometheusUrl(MONITORING_NAMESPACE)`). */
  readonly prometheusUrl: string;
  /** Namespace of the release (the `namespace` label of the scraped series). */
  readonly namespace: string;
  /** The coordinator's Service (the `service` label of its series). */
  readonly coordinatorService: string;
  /** Running plus queued queries one worker is expected to carry. */
  readonly queriesPerWorker: number;
}

/** Seconds KEDA waits between polls of Prometheus. */
const POLLING_INTERVAL_SECONDS = 30;
/**
 * Scale-down is slow on purpose: a worker that leaves drains for its grace period, and a cluster
 * that shrinks during a burst grows back on cold nodes. 15 minutes without a higher
 * recommendation, then at most 10 % of the workers every 5 minutes.
 */
export const SCALE_DOWN_BEHAVIOR = {
  stabilizationWindowSeconds: 900,
  selectPolicy: "Min",
  policies: [{ type: "Percent", value: 10, periodSeconds: 300 }],
} as const;
/** Scale-up is quick: up to 4 workers a minute, as soon as the metric asks. */
export const SCALE_UP_BEHAVIOR = {
  stabilizationWindowSeconds: 0,
  selectPolicy: "Max",
  policies: [{ type: "Pods", value: 4, periodSeconds: 60 }],
} as const;

/**
 * The chart's `server.keda` block: a ScaledObject on the worker Deployment with two Prometheus
 * triggers, the larger winning: running + queued queries divided by the queries a worker carries,
 * and the workers waiting queries require. Both are AverageValue metrics, so the HPA asks for
 * ceil(metric / threshold) workers.
 */
export function kedaValues(props: TrinoKedaProps): Record<string, unknown> {
  const selector = `{namespace="${props.namespace}", service="${props.coordinatorService}"}`;
  return {
    enabled: true,
    pollingInterval: POLLING_INTERVAL_SECONDS,
    cooldownPeriod: 300,
    minReplicaCount: props.minWorkers,
    maxReplicaCount: props.maxWorkers,
    advanced: {
      horizontalPodAutoscalerConfig: {
        behavior: { scaleDown: SCALE_DOWN_BEHAVIOR, scaleUp: SCALE_UP_BEHAVIOR },
      },
    },
    triggers: [
      {
        type: "prometheus",
        name: "queries",
        metricType: "AverageValue",
        metadata: {
          serverAddress: props.prometheusUrl,
          query: `sum(${TRINO_METRICS.running}${selector}) + sum(${TRINO_METRICS.queued}${selector})`,
          threshold: String(props.queriesPerWorker),
          activationThreshold: "0",
        },
      },
      {
        type: "prometheus",
        name: "required-workers",
        metricType: "AverageValue",
        metadata: {
          serverAddress: props.prometheusUrl,
          query: `max(${TRINO_METRICS.requiredWorkers}${selector})`,
          threshold: "1",
          activationThreshold: "0",
        },
      },
    ],
  };
}
