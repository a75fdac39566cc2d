import { manifestOf } from "../../../constructs/kubernetes/manifest";

/** A StatefulSet's arguments as the platform gives them to kubernetes_stateful_set_v1 (provider blocks). */
const STATEFUL_SET_ARGUMENTS = {
  metadata: { name: "postgres", namespace: "platform-db", labels: { "app.kubernetes.io/name": "postgres" } },
  spec: {
    serviceName: "postgres",
    replicas: "1",
    selector: { matchLabels: { "app.kubernetes.io/name": "postgres" } },
    template: {
      metadata: { labels: { "app.kubernetes.io/name": "postgres" } },
      spec: {
        nodeSelector: { "node_role.example/system": "true" },
        toleration: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
        securityContext: { runAsNonRoot: true, runAsUser: "999", fsGroup: "999" },
        initContainer: [{ name: "init", image: "busybox:1.37.0" }],
        container: [
          {
            name: "postgres",
            image: "postgres:16.13-bookworm",
            port: [{ name: "postgres", containerPort: 5432 }],
            env: [{ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "pg", key: "password" } } }],
            resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2" } },
            readinessProbe: { tcpSocket: { port: "5432" }, periodSeconds: 10 },
            volumeMount: [{ name: "data", mountPath: "/var/lib/postgresql/data" }],
          },
        ],
        volume: [{ name: "run", emptyDir: { medium: "Memory" } }],
      },
    },
    volumeClaimTemplate: [
      {
        metadata: { name: "data" },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } },
      },
    ],
  },
  waitForRollout: true,
  timeouts: { create: "10m" },
};

describe("manifestOf", () => {
  it("writes a StatefulSet as the apps/v1 API names its fields (lists plural, integers as numbers)", () => {
    // Field names and types from the Kubernetes API reference (apps/v1 StatefulSetSpec, core/v1 PodSpec).
    expect(manifestOf("apps/v1", "StatefulSet", STATEFUL_SET_ARGUMENTS)).toEqual({
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: {
        name: "postgres",
        namespace: "platform-db",
        labels: { "app.kubernetes.io/name": "postgres" },
      },
      spec: {
        serviceName: "postgres",
        replicas: 1,
        selector: { matchLabels: { "app.kubernetes.io/name": "postgres" } },
        template: {
          metadata: { labels: { "app.kubernetes.io/name": "postgres" } },
          spec: {
            nodeSelector: { "node_role.example/system": "true" },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists", effect: "NoSchedule" }],
            securityContext: { runAsNonRoot: true, runAsUser: 999, fsGroup: 999 },
            initContainers: [{ name: "init", image: "busybox:1.37.0" }],
            containers: [
              {
                name: "postgres",
                image: "postgres:16.13-bookworm",
                ports: [{ name: "postgres", containerPort: 5432 }],
                env: [{ name: "PGPASSWORD", valueFrom: { secretKeyRef: { name: "pg", key: "password" } } }],
                resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "2" } },
                readinessProbe: { tcpSocket: { port: 5432 }, periodSeconds: 10 },
                volumeMounts: [{ name: "data", mountPath: "/var/lib/postgresql/data" }],
              },
            ],
            volumes: [{ name: "run", emptyDir: { medium: "Memory" } }],
          },
        },
        // With the apiVersion and kind the API server adds (Argo CD would read the StatefulSet OutOfSync without).
        volumeClaimTemplates: [
          {
            apiVersion: "v1",
            kind: "PersistentVolumeClaim",
            metadata: { name: "data" },
            spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "10Gi" } } },
          },
        ],
      },
    });
  });

  it("reads the synthesized snake_case arguments the same way", () => {
    const snake = JSON.parse(
      JSON.stringify(STATEFUL_SET_ARGUMENTS).replace(
        /"(serviceName|matchLabels|nodeSelector|securityContext|runAsNonRoot|runAsUser|fsGroup|initContainer|containerPort|valueFrom|secretKeyRef|readinessProbe|tcpSocket|periodSeconds|volumeMount|mountPath|emptyDir|volumeClaimTemplate|accessModes|waitForRollout)":/g,
        (_, key: string) => `"${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}":`,
      ),
    ) as Record<string, unknown>;
    expect(JSON.stringify(snake)).toContain('"volume_claim_template"');
    expect(manifestOf("apps/v1", "StatefulSet", snake)).toEqual(
      manifestOf("apps/v1", "StatefulSet", STATEFUL_SET_ARGUMENTS),
    );
  });

  it("keeps a Service's selector as labels and makes its target port a number, not a port name", () => {
    const service = manifestOf("v1", "Service", {
      metadata: { name: "postgres", namespace: "platform-db" },
      spec: {
        selector: { "app.kubernetes.io/name": "postgres", tier_name: "db" },
        port: [{ name: "postgres", port: 5432, target_port: "5432" }],
      },
    });
    expect(service.spec).toEqual({
      selector: { "app.kubernetes.io/name": "postgres", tier_name: "db" },
      ports: [{ name: "postgres", port: 5432, targetPort: 5432 }],
    });
  });

  it("leaves data, labels and annotations as given, and a NetworkPolicy's ports a list", () => {
    const configMap = manifestOf("v1", "ConfigMap", {
      metadata: { name: "site", namespace: "m", annotations: { "checksum/site_xml": "12" } },
      data: { "hive_site.xml": "<configuration/>", replicas: "3" },
    });
    expect(configMap).toEqual({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "site", namespace: "m", annotations: { "checksum/site_xml": "12" } },
      data: { "hive_site.xml": "<configuration/>", replicas: "3" },
    });
    const policy = manifestOf("networking.k8s.io/v1", "NetworkPolicy", {
      metadata: { name: "p", namespace: "m" },
      spec: { ingress: [{ ports: [{ port: "9083", protocol: "TCP" }] }] },
    });
    expect(policy.spec).toEqual({ ingress: [{ ports: [{ port: 9083, protocol: "TCP" }] }] });
  });

  it("converts the provider's other string integers, octal modes and acronyms as the API spells them", () => {
    const deployment = manifestOf("apps/v1", "Deployment", {
      metadata: { name: "d", namespace: "n" },
      spec: {
        strategy: { rolling_update: { max_surge: "1", max_unavailable: "25%" } },
        template: {
          spec: {
            host_pid: false,
            toleration: [{ key: "k", operator: "Exists", toleration_seconds: "300" }],
            volume: [{ name: "s", secret: { secret_name: "x", default_mode: "0440" } }],
          },
        },
      },
    });
    expect(deployment.spec).toEqual({
      strategy: { rollingUpdate: { maxSurge: 1, maxUnavailable: "25%" } },
      template: {
        spec: {
          hostPID: false,
          tolerations: [{ key: "k", operator: "Exists", tolerationSeconds: 300 }],
          volumes: [{ name: "s", secret: { secretName: "x", defaultMode: 0o440 } }],
        },
      },
    });
    const service = manifestOf("v1", "Service", {
      metadata: { name: "s", namespace: "n" },
      spec: { cluster_ip: "None" },
    });
    expect(service.spec).toEqual({ clusterIP: "None" });
  });
});
