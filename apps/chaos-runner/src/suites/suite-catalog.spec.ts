import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseExperimentDocument } from '@scale/chaos';
import { loadSuites, SuiteCatalogError } from './suite-catalog';

const document = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  fault: { kind: 'pod-kill', target: { service: 'scale-api' } },
  durationSeconds: 30,
  steadyState: { probes: [{ name: 'up', query: 'up', tolerance: { type: 'absolute', min: 1 } }] },
  ...extra,
});

/** A suites folder: { suite: { file: contents } }, a string written as it is, anything else as JSON. */
function suitesDir(suites: Record<string, Record<string, unknown>>): string {
  const root = mkdtempSync(join(tmpdir(), 'scale-suites-'));
  for (const [suite, files] of Object.entries(suites)) {
    mkdirSync(join(root, suite));
    for (const [file, contents] of Object.entries(files)) {
      writeFileSync(join(root, suite, file), typeof contents === 'string' ? contents : JSON.stringify(contents));
    }
  }
  return root;
}

describe('loadSuites', () => {
  it('reads one suite per folder, by name, each experiment in the order of its file name, defaults applied', () => {
    const dir = suitesDir({
      smoke: { '10-zone.json': document('zone'), '02-kill.json': document('kill'), 'notes.txt': 'not a document' },
      nightly: { 'a.json': document('nightly', { dryRun: true }) },
    });
    const suites = loadSuites(dir);
    expect(suites.map((suite) => suite.name)).toEqual(['nightly', 'smoke']);
    expect(suites[1].experiments.map(({ file, document }) => [file, document.title])).toEqual([
      ['02-kill.json', 'kill'],
      ['10-zone.json', 'zone'],
    ]);
    expect(suites[1].experiments[0].document).toMatchObject({
      dryRun: false,
      maxTargetShare: 0.5,
      fault: { target: { mode: 'one' } },
    });
    expect(suites[0].experiments[0].document.dryRun).toBe(true);
  });

  it("reads the repository's default suite, whose documents parse again as the runner starts them", () => {
    const [suite] = loadSuites(resolve(__dirname, '..', '..', 'suites'));
    expect(suite.name).toBe('default');
    expect(suite.experiments.map((experiment) => experiment.document.fault.kind)).toEqual([
      'cpu-hog',
      'container-kill',
      'pod-kill',
      'zone-outage',
      'traffic-surge',
      'memory-hog',
      'disk-fill',
      'database-network',
    ]);
    for (const { document } of suite.experiments) {
      expect(parseExperimentDocument({ ...document, dryRun: true })).toEqual({ ...document, dryRun: true });
    }
  });

  it('refuses a file that is not JSON, naming it', () => {
    const dir = suitesDir({ smoke: { '01-ok.json': document('ok'), '02-broken.json': '{"title": "broken",' } });
    expect(() => loadSuites(dir)).toThrow(SuiteCatalogError);
    expect(() => loadSuites(dir)).toThrow(new RegExp(`^${join(dir, 'smoke', '02-broken.json')} is not valid JSON: `));
  });

  it('refuses an invalid document, naming the file and every wrong field', () => {
    const dir = suitesDir({ smoke: { '01-bad.json': document('bad', { durationSeconds: 0, surprise: 1 }) } });
    expect(() => loadSuites(dir)).toThrow(
      `${join(dir, 'smoke', '01-bad.json')}: invalid experiment document: durationSeconds: must be at least 1; surprise: unknown field`,
    );
  });

  it('refuses documents lying outside a suite folder, an empty suite and a name that cannot be a path segment', () => {
    const stray = suitesDir({ default: { 'a.json': document('a') } });
    writeFileSync(join(stray, '01-pod-kill.json'), JSON.stringify(document('stray')));
    expect(() => loadSuites(stray)).toThrow(
      /holds experiment documents directly \(01-pod-kill\.json\); it must hold one folder per suite/,
    );
    expect(() => loadSuites(suitesDir({ empty: { 'README.md': '# nothing' } }))).toThrow(
      /empty holds no experiment documents \(\*\.json\)/,
    );
    expect(() => loadSuites(suitesDir({ 'my suite': { 'a.json': document('a') } }))).toThrow(
      /my suite: a suite's name must be 1-64 letters, digits/,
    );
  });

  it('knows no suite in an empty folder, and skips hidden entries', () => {
    expect(loadSuites(suitesDir({}))).toEqual([]);
    expect(loadSuites(suitesDir({ '.git': { 'config.json': '{' } }))).toEqual([]);
  });
});
