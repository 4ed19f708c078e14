import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEBIAN_BINARIES, observabilityFiles, renderAlertmanagerConfig } from '@scale/monitoring-stack';
import { runTool } from '../support/monitoring';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface RuleTestFile {
  rule_files: string[];
  tests: Array<{
    alert_rule_test?: Array<{ alertname: string; exp_alerts: Array<{ exp_labels: Record<string, string> }> }>;
    promql_expr_test?: Array<{ expr: string }>;
  }>;
}

const SEV: Record<string, string> = { critical: 'SEV1', high: 'SEV2', warning: 'SEV3', info: 'SEV4' };
const RUNBOOKS = 'https://github.com/scale/scale/blob/main/observability/README.md';
const files = observabilityFiles();
const README = resolve(files.rulesDir, '../../README.md');

async function yamlFiles(dir: string): Promise<string[]> {
  return (await readdir(dir))
    .filter((name) => name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name));
}

describe('Prometheus rules and Alertmanager policy', () => {
  let ruleFiles: string[];
  let testFiles: string[];
  let rules: Rule[];
  let ruleTests: Array<RuleTestFile & { path: string }>;
  let readme: string;
  let scratch: string;

  beforeAll(async () => {
    ruleFiles = await yamlFiles(files.rulesDir);
    testFiles = await yamlFiles(files.ruleTestsDir);
    rules = [];
    for (const file of ruleFiles) {
      const { groups } = parse(await readFile(file, 'utf8')) as { groups: Array<{ rules: Rule[] }> };
      for (const group of groups) rules.push(...group.rules);
    }
    ruleTests = await Promise.all(
      testFiles.map(async (path) => ({ ...(parse(await readFile(path, 'utf8')) as RuleTestFile), path })),
    );
    readme = await readFile(README, 'utf8');
    scratch = await mkdtemp(join(tmpdir(), 'scale-alertmanager-config-'));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it('promtool accepts every rule file', async () => {
    const run = await runTool(DEBIAN_BINARIES.promtool, ['check', 'rules', ...ruleFiles]);
    expect(run.code, run.output).toBe(0);
    expect(ruleFiles.length).toBeGreaterThan(0);
  });

  it("the rules pass promtool's unit tests", async () => {
    const run = await runTool(DEBIAN_BINARIES.promtool, ['test', 'rules', ...testFiles], files.ruleTestsDir);
    expect(run.code, run.output).toBe(0);
    expect(run.output).not.toMatch(/FAILED/);
  });

  it('amtool accepts the Alertmanager configuration as @scale/monitoring-stack writes it', async () => {
    const config = join(scratch, 'alertmanager.yml');
    const policy = await readFile(files.alertmanagerPolicy, 'utf8');
    await writeFile(
      config,
      renderAlertmanagerConfig(policy, {
        ledgerWebhookUrl: 'http://127.0.0.1:4000/alerts',
        ledgerWebhookToken: 'ledger-token-0123456789',
        oncallWebhookUrl: 'https://pager.example/hook',
        // The demo's: a new group of alerts notified at once.
        groupWaitSeconds: 0,
      }),
    );
    const run = await runTool(DEBIAN_BINARIES.amtool, ['check-config', config]);
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/SUCCESS/);
    // Without any URL too: receivers without webhooks are still a valid configuration.
    await writeFile(config, renderAlertmanagerConfig(policy));
    const bare = await runTool(DEBIAN_BINARIES.amtool, ['check-config', config]);
    expect(bare.code, bare.output).toBe(0);
  });

  it('routes every alert to the ledger, and critical and high ones to on-call as well', async () => {
    const receivers = async (severity: string) => {
      const run = await runTool(DEBIAN_BINARIES.amtool, [
        'config',
        'routes',
        'test',
        `--config.file=${files.alertmanagerPolicy}`,
        `severity=${severity}`,
        'alertname=TargetDown',
        'service=scale-api',
        'group=experiment',
      ]);
      expect(run.code, run.output).toBe(0);
      return run.output
        .split('\n')
        .find((line) => !line.startsWith('Warning:'))
        ?.trim();
    };
    expect(await receivers('critical')).toBe('alert-ledger,oncall');
    expect(await receivers('high')).toBe('alert-ledger,oncall');
    expect(await receivers('warning')).toBe('alert-ledger');
    expect(await receivers('info')).toBe('alert-ledger');
  });

  it('every alert has a severity, its SEV, a summary, a description and a runbook section', () => {
    const alerts = rules.filter((rule) => rule.alert);
    expect(alerts.length).toBeGreaterThan(0);
    for (const rule of alerts) {
      const name = rule.alert as string;
      expect(Object.keys(SEV), name).toContain(rule.labels?.severity);
      expect(rule.labels?.sev, name).toBe(SEV[rule.labels?.severity as string]);
      expect(rule.annotations?.summary, name).toBeTruthy();
      expect(rule.annotations?.description, name).toBeTruthy();
      expect(rule.annotations?.runbook_url, name).toBe(`${RUNBOOKS}#${name.toLowerCase()}`);
      expect(readme, name).toMatch(new RegExp(`^### ${name}$`, 'm'));
    }
  });

  it("the README's table states every alert's severity and for, and nothing else", () => {
    const fromRules = rules
      .filter((rule) => rule.alert)
      .map((rule) => [rule.alert, rule.labels?.severity, rule.labels?.sev, rule.for ?? '0s'].join(' | '));
    const fromReadme = [...readme.matchAll(/^\| (\w+) \| (critical|high|warning|info) \| (SEV\d) \| (\w+) \|/gm)].map(
      (row) => row.slice(1, 5).join(' | '),
    );
    expect(fromReadme.sort()).toEqual(fromRules.sort());
  });

  it('every alert of every severity has promtool cases where it fires, and every alert one where it stays quiet', () => {
    const cases = ruleTests.flatMap((file) => file.tests.flatMap((test) => test.alert_rule_test ?? []));
    for (const rule of rules.filter((candidate) => candidate.alert)) {
      const own = cases.filter((test) => test.alertname === rule.alert);
      const fired = own.flatMap((test) => test.exp_alerts.map((alert) => alert.exp_labels));
      expect(
        fired.some((labels) => labels.severity === rule.labels?.severity),
        `${rule.alert} (${rule.labels?.severity}) firing`,
      ).toBe(true);
      expect(
        own.some((test) => test.exp_alerts.length === 0),
        `${rule.alert} quiet`,
      ).toBe(true);
      // What the alert really carries, as evaluated by promtool.
      for (const labels of fired) {
        expect(Object.keys(labels), rule.alert).toEqual(
          expect.arrayContaining(['severity', 'sev', 'service', 'group']),
        );
      }
    }
  });

  it('every recording rule is tested, directly or through an alert that reads it', () => {
    const tested = ruleTests.flatMap((file) =>
      file.tests.flatMap((test) => (test.promql_expr_test ?? []).map((expr) => expr.expr)),
    );
    const alertExpressions = rules.filter((rule) => rule.alert).map((rule) => rule.expr);
    for (const rule of rules.filter((candidate) => candidate.record)) {
      const name = rule.record as string;
      const uses = (expr: string) =>
        new RegExp(`(^|[^\\w:])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\w:])`).test(expr);
      expect([...tested, ...alertExpressions].some(uses), name).toBe(true);
    }
  });

  it('every rule file has a promtool test file', () => {
    const tested = new Set(ruleTests.flatMap((file) => file.rule_files.map((path) => basename(path))));
    for (const file of ruleFiles) expect(tested, basename(file)).toContain(basename(file));
  });
});
