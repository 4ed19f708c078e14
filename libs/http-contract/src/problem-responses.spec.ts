import type { OpenAPIObject } from '@nestjs/swagger';
import { describe, expect, it } from 'vitest';
import { documentProblemResponses } from './problem-responses';

const ref = (name: string) => ({ schema: { $ref: `#/components/schemas/${name}` } });

function document(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    components: { schemas: { ProblemDto: { type: 'object' }, Body: { type: 'object', properties: {} } } },
    paths: {
      '/things': {
        get: { responses: { '200': { description: 'ok', content: { 'application/json': ref('Thing') } } } },
        post: {
          requestBody: { content: { 'application/json': ref('Body') } },
          responses: {
            '201': { description: 'made' },
            '409': { description: 'busy', content: { 'application/json': ref('OtherProblem') } },
          },
        },
      },
      '/things/{id}': {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
          responses: { '200': { description: 'ok' }, '404': { description: 'none' } },
        },
      },
    },
  };
}

describe('documentProblemResponses', () => {
  const out = documentProblemResponses(document(), {
    problemSchema: 'ProblemDto',
    everyOperation: { '503': 'down' },
    closedSchemas: ['Body'],
  });

  it('serves every error as application/problem+json, keeping a schema of its own where one was given', () => {
    expect(out.paths['/things'].post!.responses['409']).toEqual({
      description: 'busy',
      content: { 'application/problem+json': ref('OtherProblem') },
    });
    expect(out.paths['/things/{id}'].get!.responses['404']).toEqual({
      description: 'none',
      content: { 'application/problem+json': ref('ProblemDto') },
    });
    expect(out.paths['/things'].get!.responses['200']).toEqual({
      description: 'ok',
      content: { 'application/json': ref('Thing') },
    });
  });

  it('documents the 400 of operations taking input, the 413 of bodies, and the errors of every operation', () => {
    expect(Object.keys(out.paths['/things'].get!.responses).sort()).toEqual(['200', '503']);
    expect(Object.keys(out.paths['/things'].post!.responses).sort()).toEqual(['201', '400', '409', '413', '503']);
    expect(Object.keys(out.paths['/things/{id}'].get!.responses).sort()).toEqual(['200', '400', '404', '503']);
  });

  it('closes the request schemas whose validation refuses unknown fields, and fails on a name it lacks', () => {
    expect(out.components!.schemas!.Body).toMatchObject({ additionalProperties: false });
    expect(() =>
      documentProblemResponses(document(), { problemSchema: 'ProblemDto', closedSchemas: ['Nope'] }),
    ).toThrow(/no schema Nope/);
  });
});
