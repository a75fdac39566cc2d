import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Release } from "@cdktf/provider-helm/lib/release";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { imageProblem } from "../../../constructs/guardrails/pinned-versions";
import { TerraformResource } from "cdktf";
import { findings, guardedStack } from "./guarded-stack";
import { chart, job, pin } from "./kubernetes-fixtures";

describe("pinned-charts and pinned-images guardrails", () => {
  it("fail a release without an exact chart version", () => {
    const stack = guardedStack();
    new Release(stack, "Unset", { name: "u", chart: "app", repository: pin.repository });
    new Release(stack, "Range", { name: "r", chart: "app", repository: pin.repository, version: "^1.2.0" });
    new Release(stack, "Latest", { name: "l", chart: "app", repository: pin.repository, version: "latest" });
    new Release(stack, "Exact", { name: "e", chart: "app", repository: pin.repository, version: "v1.2.3" });
    new Release(stack, "Local", { name: "local", chart: "./charts/app" });
    expect(findings(stack)).toEqual([
      "[pinned-charts] guarded/Unset (helm_release): chart app has version unset: set version to an exact release such as 1.14.1",
      '[pinned-charts] guarded/Range (helm_release): chart app has version "^1.2.0": set version to an exact release such as 1.14.1',
      '[pinned-charts] guarded/Latest (helm_release): chart app has version "latest": set version to an exact release such as 1.14.1',
    ]);
  });

  it("fail images without a tag or with latest in Helm values, and pass tags, digests and chart defaults", () => {
    const stack = guardedStack();
    chart(stack, "Unpinned", {
      image: { repository: "trinodb/trino", tag: "latest" },
      sidecar: { image: "busybox" },
      extraContainers: [{ name: "sync", image: "public.ecr.aws/aws-cli/aws-cli:latest" }],
    });
    chart(stack, "Pinned", {
      image: { repository: "trinodb/trino", tag: "480" },
      mcImage: { repository: "quay.io/minio/mc" },
      sidecar: { image: "busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
      proxy: { image: "registry.local:5000/proxy", imageTag: "1.2" },
    });
    expect(findings(stack)).toEqual([
      '[pinned-images] guarded/Unpinned (helm_release): values image.tag "latest" has the tag "latest"; values sidecar.image "busybox" has no tag or digest (Kubernetes pulls latest); values extraContainers[0].image "public.ecr.aws/aws-cli/aws-cli:latest" has the tag "latest": pin a tag (not latest) or a digest',
    ]);
  });

  it("fail an unpinned container image in a Kubernetes resource", () => {
    const stack = guardedStack();
    job(stack, "NoTag", { image: "registry.local:5000/postgres" });
    job(stack, "Tagged", { image: "docker.io/library/postgres:16.13-bookworm" });
    new Manifest(stack, "Pod", {
      manifest: {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "p", namespace: "ns" },
        spec: { containers: [{ name: "c", image: "nginx:latest" }] },
      },
    });
    expect(findings(stack)).toEqual([
      '[pinned-images] guarded/NoTag (kubernetes_job_v1): spec.template.spec.container[0].image "registry.local:5000/postgres" has no tag or digest (Kubernetes pulls latest): pin a tag (not latest) or a digest',
      '[pinned-images] guarded/Pod (kubernetes_manifest): manifest.spec.containers[0].image "nginx:latest" has the tag "latest": pin a tag (not latest) or a digest',
    ]);
  });

  it("fail images without a tag or with latest in a release's set entries, judged with their siblings", () => {
    const stack = guardedStack();
    new Release(stack, "Set", {
      ...pin,
      name: "set",
      set: [
        { name: "image.repository", value: "trinodb/trino" },
        { name: "image.tag", value: "latest" },
        { name: "sidecar.image", value: "busybox" },
        { name: "proxy.image", value: "registry.local:5000/proxy" },
        { name: "proxy.imageTag", value: "1.2" },
        { name: "exporter.repository", value: "prom/exporter:latest" },
        { name: "extraContainers[0].image", value: "aws-cli:LATEST" },
        { name: "podAnnotations.example\\.com/tag", value: "latest" },
      ],
    });
    new Release(stack, "PinnedSet", {
      ...pin,
      name: "pinned",
      set: [
        { name: "image.repository", value: "trinodb/trino" },
        { name: "image.tag", value: "480" },
        { name: "sidecar.image", value: "busybox@sha256:0123" },
      ],
    });
    expect(findings(stack)).toEqual([
      '[pinned-images] guarded/Set (helm_release): set image.tag "latest" has the tag "latest"; set sidecar.image "busybox" has no tag or digest (Kubernetes pulls latest); set exporter.repository "prom/exporter:latest" has the tag "latest"; set extraContainers[0].image "aws-cli:LATEST" has the tag "latest": pin a tag (not latest) or a digest',
    ]);
  });

  it("fail an unpinned image in an ECS task definition's container definitions, raw ones included", () => {
    const stack = guardedStack();
    const tag = new Release(stack, "Tag", { ...pin, name: "tag" }).version;
    new EcsTaskDefinition(stack, "Unpinned", {
      family: "unpinned",
      containerDefinitions: JSON.stringify([
        { name: "app", image: "public.ecr.aws/app/app" },
        { name: "sidecar", image: "busybox:latest" },
        { name: "pinned", image: "apache/spark:4.0.1-scala2.13-java21-ubuntu" },
        { name: "computed", image: `registry.local:5000/app:${tag}` },
      ]),
    });
    new EcsTaskDefinition(stack, "Pinned", {
      family: "pinned",
      containerDefinitions: JSON.stringify([
        { name: "app", image: "app@sha256:0123456789abcdef" },
        { name: "tagged", image: "registry.local:5000/app:1.0" },
      ]),
    });
    const raw = new TerraformResource(stack, "Raw", { terraformResourceType: "aws_ecs_task_definition" });
    raw.addOverride("container_definitions", JSON.stringify([{ name: "app", image: "nginx" }]));
    expect(findings(stack)).toEqual([
      '[pinned-images] guarded/Unpinned (aws_ecs_task_definition): container_definitions[0].image "public.ecr.aws/app/app" has no tag or digest (ECS pulls latest); container_definitions[1].image "busybox:latest" has the tag "latest": pin a tag (not latest) or a digest',
      '[pinned-images] guarded/Raw (aws_ecs_task_definition): container_definitions[0].image "nginx" has no tag or digest (ECS pulls latest): pin a tag (not latest) or a digest',
    ]);
  });

  it("reads image references: registry ports, tags, digests", () => {
    expect(imageProblem("registry.local:5000/app:1.0")).toBeUndefined();
    expect(imageProblem("app@sha256:abc")).toBeUndefined();
    expect(imageProblem("registry.local:5000/app")).toMatch(/no tag/);
    expect(imageProblem("app:")).toMatch(/empty tag/);
    expect(imageProblem("app:LATEST")).toMatch(/latest/);
  });
});
