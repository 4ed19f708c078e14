import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * A check of a request body against the JSON Schema (2020-12) an OpenAPI document publishes for it.
 * The services validate bodies with zod, whose refinements (a minimum not above its maximum, a trimmed
 * name not empty) no schema can say; this check tells the two kinds of refusal apart: a body the
 * published schema refuses is a 400, one it allows but the rules refuse is a 422 (RFC 9110 15.5.21).
 */
export function publishedSchemaCheck(schema: object): (body: unknown) => boolean {
  const ajv = new Ajv2020({ strict: false, allErrors: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return (body) => validate(body);
}
