import type { TerraformResource } from "cdktf";
import { attributesOf } from "./attributes";

/** The Terraform type whose `container_definitions` the guardrails read. */
export const ECS_TASK_DEFINITION = "aws_ecs_task_definition";

/** A container of a task definition as ECS reads it (camelCase JSON), only what the guardrails look at. */
export type ContainerDefinition = Readonly<Record<string, unknown>>;

const CACHE = new WeakMap<TerraformResource, ReadonlyArray<ContainerDefinition>>();

/**
 * The containers of an `aws_ecs_task_definition`: its `container_definitions`, a JSON string (what
 * `JSON.stringify` writes; a token inside a string value stays a `${TfToken[…]}` placeholder), parsed
 * once per resource. A value that is a token as a whole (`Fn.jsonencode`, a data source's output)
 * or not JSON gives no container: it is not judged.
 */
export function containerDefinitionsOf(node: TerraformResource): ReadonlyArray<ContainerDefinition> {
  let containers = CACHE.get(node);
  if (!containers) {
    containers = parseContainers(attributesOf(node).container_definitions);
    CACHE.set(node, containers);
  }
  return containers;
}

function parseContainers(value: unknown): ReadonlyArray<ContainerDefinition> {
  if (typeof value !== "string") return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    // A token as a whole (`${TfToken[…]}`) or a string that is not JSON: nothing to judge.
    return [];
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.filter((item): item is ContainerDefinition => typeof item === "object" && item !== null);
}
