import type { OpenAPIObject } from '@nestjs/swagger';
import type { OperationObject, ResponseObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

export const PROBLEM_JSON = 'application/problem+json';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export interface ProblemResponsesOptions {
  /** The components schema every error body follows (RFC 9457). */
  readonly problemSchema: string;
  /** Errors any operation may answer, by status: their description (a database that is down, say). */
  readonly everyOperation?: Readonly<Record<string, string>>;
  /** Request-body schemas whose validation refuses unknown fields: they say so (`additionalProperties: false`). */
  readonly closedSchemas?: readonly string[];
}

/**
 * Makes a generated document say what the server does with errors: every 4xx and 5xx body is a problem
 * document served as `application/problem+json` (the decorators can only say application/json), every
 * operation that takes parameters or a body documents the 400 its validation answers (an unknown or
 * malformed parameter), and the errors any operation may meet are on every operation.
 */
export function documentProblemResponses(document: OpenAPIObject, options: ProblemResponsesOptions): OpenAPIObject {
  const problem = { schema: { $ref: `#/components/schemas/${options.problemSchema}` } };
  for (const name of options.closedSchemas ?? []) {
    const schema = document.components?.schemas?.[name];
    if (!schema || '$ref' in schema) throw new Error(`no schema ${name} to close in the OpenAPI document`);
    schema.additionalProperties = false;
  }
  for (const path of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = path[method] as OperationObject | undefined;
      if (!operation) continue;
      const responses = operation.responses as Record<string, ResponseObject>;
      const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody !== undefined;
      if (takesInput && !responses['400']) {
        responses['400'] = { description: 'A parameter or the body is invalid; the problem names it' };
      }
      if (operation.requestBody !== undefined) {
        responses['413'] ??= { description: 'The body is larger than the server reads' };
      }
      for (const [status, description] of Object.entries(options.everyOperation ?? {})) {
        responses[status] ??= { description };
      }
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) < 400) continue;
        const schema = response.content?.['application/json']?.schema ?? problem.schema;
        response.content = { [PROBLEM_JSON]: { schema } };
      }
    }
  }
  return document;
}
