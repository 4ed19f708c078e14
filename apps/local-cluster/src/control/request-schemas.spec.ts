import { describe, expect, it } from 'vitest';
import { InvalidRequestError } from './cluster-errors';
import {
  cpuHogRequestSchema,
  diskFillRequestSchema,
  memoryHogRequestSchema,
  parseRequest,
  signalRequestSchema,
} from './request-schemas';

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

  it('takes a memory hog in MiB or as a share of the limit, exactly one, with a bounded timeout', () => {
    expect(parseRequest(memoryHogRequestSchema, { sharePercent: 40, timeoutSeconds: 30 })).toEqual({
      sharePercent: 40,
      timeoutSeconds: 30,
    });
    const both = { megabytes: 64, sharePercent: 40, timeoutSeconds: 30 };
    expect(issuesOf(() => parseRequest(memoryHogRequestSchema, both))).toEqual([
      { field: 'megabytes', message: 'give megabytes or sharePercent (of the memory limit), not both' },
    ]);
    expect(issuesOf(() => parseRequest(memoryHogRequestSchema, { timeoutSeconds: 30 }))).toEqual([
      { field: 'megabytes', message: 'give megabytes or sharePercent (of the memory limit), not both' },
    ]);
    const wrong = issuesOf(() => parseRequest(memoryHogRequestSchema, { megabytes: 0.5, timeoutSeconds: 0 }));
    expect(wrong.map((issue) => issue.field)).toEqual(['megabytes', 'timeoutSeconds']);
  });

  it('takes a disk fill as a share of the ephemeral-storage limit', () => {
    expect(parseRequest(diskFillRequestSchema, { sharePercent: 95 })).toEqual({ sharePercent: 95 });
    expect(issuesOf(() => parseRequest(diskFillRequestSchema, { sharePercent: 101 }))).toEqual([
      { field: 'sharePercent', message: expect.stringContaining('100') },
    ]);
    expect(issuesOf(() => parseRequest(diskFillRequestSchema, {}))).toEqual([
      { field: 'sharePercent', message: expect.any(String) },
    ]);
  });
});
