import { TerraformResource, type IAspect } from "cdktf";
import type { IConstruct } from "constructs";
import { attributesOf, blocksOf, isToken } from "./attributes";
import { containerDefinitionsOf, ECS_TASK_DEFINITION } from "./ecs-containers";
import { reportViolation } from "./report";
import { helmValuesDocuments, holdsPodSpec, walkValues } from "./values-walk";

/** An exact chart version (`1.14.1`, `v0.3.0`, `2.0.0-rc.1`): no range, no `latest`. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * What is wrong with an image reference, or undefined when it is pinned: a digest (`@sha256:…`) or
 * a tag other than `latest`. A reference with a token in it is not judged. `runtime` is what pulls
 * it (named in the finding: it pulls `latest` when no tag is given).
 */
export function imageProblem(image: string, runtime = "Kubernetes"): string | undefined {
  if (isToken(image) || image.includes("@")) return undefined;
  const name = image.slice(image.lastIndexOf("/") + 1);
  const colon = name.indexOf(":");
  if (colon < 0) return `has no tag or digest (${runtime} pulls latest)`;
  const tag = name.slice(colon + 1);
  if (tag === "") return "has an empty tag";
  return tag.toLowerCase() === "latest" ? 'has the tag "latest"' : undefined;
}

/** What is wrong with a `tag` value, or undefined (an empty tag means the chart's own, pinned by the chart version). */
function tagProblem(tag: unknown): string | undefined {
  return typeof tag === "string" && !isToken(tag) && tag.trim().toLowerCase() === "latest"
    ? 'has the tag "latest"'
    : undefined;
}

/**
 * Unpinned images in Helm values: a string under a key ending in `image` (`image`, `mcImage`)
 * without a tag or digest (unless a sibling `tag`/`<key>Tag` carries it), a `tag` of `latest` next to
 * a `repository` or under an image key, a `repository` ending in `:latest`. An image object with
 * neither tag nor digest takes the chart's default, pinned by the chart version. `prefix` starts each
 * finding (`values `, `set `).
 */
function valuesImageFindings(values: unknown, prefix = "values "): string[] {
  const found: string[] = [];
  walkValues(values, ({ path, key, value, parent, parentKey }) => {
    if (typeof value !== "string") return;
    let problem: string | undefined;
    if (/image$/i.test(key)) {
      const siblingTag = parent.tag ?? parent[`${key}Tag`];
      problem = siblingTag !== undefined ? tagProblem(siblingTag) : imageProblem(value);
    } else if (key === "tag" && ("repository" in parent || /image/i.test(parentKey))) {
      problem = tagProblem(value);
    } else if (key === "repository" && /:latest$/i.test(value)) {
      problem = 'has the tag "latest"';
    }
    if (problem) found.push(`${prefix}${path()} "${value}" ${problem}`);
  });
  return found;
}

/**
 * The `set` entries of a release as the values they write (`image.tag` → `{ image: { tag } }`; an
 * escaped dot `\.` stays in its key), so they are judged like values: each entry next to the other
 * entries of the same object.
 */
function setValues(sets: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const set of sets) {
    if (typeof set.name !== "string" || set.name === "") continue;
    const keys = set.name.split(/(?<!\\)\./).map((key) => key.replace(/\\\./g, "."));
    let parent = root;
    for (const key of keys.slice(0, -1)) {
      const child = parent[key];
      parent = (child !== null && typeof child === "object" ? child : (parent[key] = {})) as Record<
        string,
        unknown
      >;
    }
    parent[keys[keys.length - 1]] = set.value;
  }
  return root;
}

/** Unpinned container images of a Kubernetes resource (`image` of containers, init containers…). */
function kubernetesImageFindings(attributes: unknown): string[] {
  const found: string[] = [];
  walkValues(attributes, ({ path, key, value }) => {
    if (key !== "image" || typeof value !== "string") return;
    const problem = imageProblem(value);
    if (problem) found.push(`${path()} "${value}" ${problem}`);
  });
  return found;
}

/** Unpinned container images of an ECS task definition (`image` of each of its `container_definitions`). */
function ecsImageFindings(node: TerraformResource): string[] {
  const found: string[] = [];
  containerDefinitionsOf(node).forEach((container, i) => {
    const image = container.image;
    if (typeof image !== "string") return;
    const problem = imageProblem(image, "ECS");
    if (problem) found.push(`container_definitions[${i}].image "${image}" ${problem}`);
  });
  return found;
}

/**
 * Fails synth on what would change without a code change: a `helm_release` from a repository without
 * an exact chart `version` (`pinned-charts`; a local chart folder or a `.tgz` URL is pinned by
 * itself), and a container image without a tag or digest or tagged `latest`, in any Kubernetes
 * resource, in a release's values or `set` entries, or in an ECS task definition's
 * `container_definitions` (`pinned-images`).
 */
export class PinnedVersions implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof TerraformResource)) return;
    const type = node.terraformResourceType;
    if (type === "helm_release") {
      const release = attributesOf(node);
      const chart = typeof release.chart === "string" ? release.chart : "";
      const local = release.repository === undefined && /^(\.{0,2}\/)|\.tgz$/.test(chart);
      const version = release.version;
      if (!local && !isToken(version) && !(typeof version === "string" && EXACT_VERSION.test(version))) {
        reportViolation(
          node,
          "pinned-charts",
          `chart ${chart} has version ${version === undefined ? "unset" : JSON.stringify(version)}: set version to an exact release such as 1.14.1`,
        );
      }
      const sets = blocksOf(release.set);
      reportImages(node, [
        ...helmValuesDocuments(node, release.values).flatMap((doc) => valuesImageFindings(doc)),
        ...(sets.length > 0 ? valuesImageFindings(setValues(sets), "set ") : []),
      ]);
    } else if (holdsPodSpec(type)) {
      reportImages(node, kubernetesImageFindings(attributesOf(node)));
    } else if (type === ECS_TASK_DEFINITION) {
      reportImages(node, ecsImageFindings(node));
    }
  }
}

function reportImages(node: TerraformResource, images: ReadonlyArray<string>): void {
  if (images.length > 0) {
    reportViolation(node, "pinned-images", `${images.join("; ")}: pin a tag (not latest) or a digest`);
  }
}
