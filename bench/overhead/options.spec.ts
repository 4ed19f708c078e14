import { describe, expect, it } from 'vitest';
import { UsageError } from '../../apps/cli/src/usage';
import { parseOverheadOptions } from './options';

describe('parseOverheadOptions --restart-every', () => {
  it('restarts the APIs every 10 rounds unless told otherwise', () => {
    expect(parseOverheadOptions([]).restartEvery).toBe(10);
    expect(parseOverheadOptions(['--restart-every', '4']).restartEvery).toBe(4);
    expect(parseOverheadOptions(['--restart-every', '0']).restartEvery).toBe(0);
  });

  it('keeps one process per configuration with --profile, whose profile is written at exit', () => {
    expect(parseOverheadOptions(['--profile']).restartEvery).toBe(0);
    expect(parseOverheadOptions(['--profile', '--restart-every', '0']).restartEvery).toBe(0);
    expect(() => parseOverheadOptions(['--profile', '--restart-every', '5'])).toThrow(UsageError);
  });

  it('refuses what is not a whole number', () => {
    expect(() => parseOverheadOptions(['--restart-every', 'often'])).toThrow(/--restart-every needs a whole number/);
    expect(() => parseOverheadOptions(['--restart-every', '-1'])).toThrow(UsageError);
  });
});
