import { BadRequestException, type PipeTransform } from '@nestjs/common';

export interface StartSuiteRun {
  readonly dryRun: boolean;
}

/** The body of POST /suites/{name}/runs, as OpenAPI publishes it. */
export const START_SUITE_RUN_SCHEMA = {
  type: 'object',
  required: ['dryRun'],
  additionalProperties: false,
  properties: {
    dryRun: {
      type: 'boolean',
      description:
        'true: every experiment is a dry run (targets chosen and journalled, nothing injected); false: each runs as its document says',
    },
  },
};

/** `{ "dryRun": boolean }` and nothing else; anything else is a 400 naming each wrong field. */
export class StartSuiteRunPipe implements PipeTransform<unknown, StartSuiteRun> {
  transform(body: unknown): StartSuiteRun {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestException('the body must be a JSON object: {"dryRun": true} or {"dryRun": false}');
    }
    const { dryRun, ...others } = body as Record<string, unknown>;
    const problems = Object.keys(others).map((field) => `${field}: unknown field`);
    if (dryRun === undefined) problems.unshift('dryRun: required (true or false)');
    else if (typeof dryRun !== 'boolean') problems.unshift('dryRun: must be a boolean (true or false)');
    if (problems.length > 0 || typeof dryRun !== 'boolean') throw new BadRequestException(problems);
    return { dryRun };
  }
}
