import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRunnerSettings } from './runner-settings';

describe('loadRunnerSettings: RUNNER_SUITES_DIR', () => {
  it("defaults to the repository's apps/chaos-runner/suites", () => {
    expect(loadRunnerSettings({}).RUNNER_SUITES_DIR).toBe(resolve(__dirname, '..', '..', 'suites'));
    expect(loadRunnerSettings({ RUNNER_SUITES_DIR: ' ' }).RUNNER_SUITES_DIR).toBe(
      resolve(__dirname, '..', '..', 'suites'),
    );
  });

  it('takes any folder, made absolute', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scale-suites-'));
    expect(loadRunnerSettings({ RUNNER_SUITES_DIR: dir }).RUNNER_SUITES_DIR).toBe(dir);
  });

  it('refuses what is not a folder, naming the variable', () => {
    expect(() => loadRunnerSettings({ RUNNER_SUITES_DIR: '/no/such/folder' })).toThrow(
      /RUNNER_SUITES_DIR: must be a folder \(one folder per suite inside\)/,
    );
    expect(() => loadRunnerSettings({ RUNNER_SUITES_DIR: __filename })).toThrow(/RUNNER_SUITES_DIR: must be a folder/);
  });
});
