import type { IConstruct } from "constructs";
import { ValidationError } from "./validation-error";

/** The sizes of an Auto Scaling group. */
export interface GroupSizes {
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
}

/** Throws a {@link ValidationError} on `scope` unless minSize ≤ desiredSize ≤ maxSize. */
export function requireOrderedSizes(scope: IConstruct, { minSize, desiredSize, maxSize }: GroupSizes): void {
  if (minSize > desiredSize || desiredSize > maxSize) {
    throw new ValidationError(
      `sizes must satisfy minSize ≤ desiredSize ≤ maxSize, received ${minSize}/${desiredSize}/${maxSize}`,
      scope,
    );
  }
}
