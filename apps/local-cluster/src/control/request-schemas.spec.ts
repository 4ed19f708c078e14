import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './cluster-errors';
import { cpuHogRequestSchema, parseRequest, signalRequestSchema } from './request-schemas';

function issuesOf(run: () => unknown): Array<{ field: string; message: string }> {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidRequestError) return [...error.issues];
    throw error;
  }
  throw new Error('expected an InvalidRequestError');
}

describe('control API request schemas', () => {
  it('accepts the four container signals', () => {
    expect(parseRequest(signalRequestSchema, { signal: 'SIGSTOP' })).toEqual({ signal: 'SIGSTOP' });
  });

  it('names the wrong field', () => {
    expect(issuesOf(() => parseRequest(signalRequestSchema, { signal: 'SIGHUP' }))).toEqual([
      { field: 'signal', message: expect.stringContaining('SIGTERM') },
    ]);
    const hog = issuesOf(() => parseRequest(cpuHogRequestSchema, { cores: 1.5, loadPercent: 150, timeoutSeconds: 10 }));
    expect(hog.map((issue) => issue.field)).toEqual(['cores', 'loadPercent']);
  });

  it('names unknown fields and a missing body', () => {
    expect(issuesOf(() => parseRequest(signalRequestSchema, { signal: 'SIGTERM', force: true }))).toEqual([
      { field: 'force', message: expect.any(String) },
    ]);
    expect(issuesOf(() => parseRequest(cpuHogRequestSchema, undefined))).toEqual([
      { field: 'body', message: expect.any(String) },
    ]);
  });
});
