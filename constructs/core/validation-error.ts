import type { IConstruct } from "constructs";

/** A construct received props it cannot build from. The message carries the construct path. */
export class ValidationError extends Error {
  constructor(message: string, scope: IConstruct) {
    super(`${scope.node.path}: ${message}`);
    this.name = "ValidationError";
  }
}
