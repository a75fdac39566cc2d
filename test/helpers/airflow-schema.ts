import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { schemaFile } from "./crd-validation";

/**
 * The Airflow chart's own values.schema.json (strict: `additionalProperties: false` almost
 * everywhere), compiled once. Returns the errors of a values document, one line each.
 */
let validate: ReturnType<Ajv["compile"]> | undefined;
export function airflowSchemaErrors(values: unknown): string[] {
  if (!validate) {
    const schema = JSON.parse(readFileSync(schemaFile("airflow", "values.schema.json"), "utf8")) as object;
    validate = new Ajv({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
  }
  return validate(values)
    ? []
    : (validate.errors ?? []).map(
        (e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`,
      );
}
