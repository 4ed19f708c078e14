import { describe, expect, it } from 'vitest';
import type { SuiteView } from '../suites/suite-views';
import { renderHomePage } from './home-page';
import { targetText } from './suite-text';

const SUITE: SuiteView = {
  name: 'default',
  experiments: [
    {
      file: '01-zone.json',
      title: 'Zone <b>a</b> goes down',
      description: null,
      faultKind: 'zone-outage',
      target: { service: 'scale-api', mode: 'all' },
      params: { zone: 'a' },
      durationSeconds: 60,
      expectedAlerts: [{ alertname: 'TargetDown', withinSeconds: 90 }],
      dryRun: false,
    },
  ],
};

const page = (access: 'read-only' | 'read-write', halted = false) =>
  renderHomePage({ principal: { name: 'sre-bob', access }, halted, suites: [SUITE] });

describe('renderHomePage', () => {
  it('draws no trigger button and no token dialog for a read-only token', () => {
    const html = page('read-only');
    expect(html).toContain('data-can-trigger="false"');
    expect(html).toContain('<span class="badge neutral" id="access">read-only</span>');
    for (const trigger of ['id="halt-button"', 'id="release-button"', 'class="run-suite"', '<dialog']) {
      expect(html).not.toContain(trigger);
    }
  });

  it('draws the halt or the release button, each suite’s run button and the dialog for a read-write token', () => {
    const running = page('read-write');
    expect(running).toContain('<button type="button" class="danger" id="halt-button">');
    expect(running).toContain('<button type="button" id="release-button" hidden>');
    expect(running).toContain('<button type="button" class="run-suite" data-suite="default">Run this suite…</button>');
    expect(running).toContain('<input id="confirm-token" type="password"');
    const halted = page('read-write', true);
    expect(halted).toContain('id="halt-button" hidden>');
    expect(halted).toContain('<span class="badge bad">halted</span>');
  });

  it('lists each suite’s experiments escaped, with their fault, target, duration and expected alerts', () => {
    const html = page('read-only');
    expect(html).toContain('Zone &lt;b&gt;a&lt;/b&gt; goes down');
    expect(html).toContain('<td>scale-api in zone a · every replica</td>');
    expect(html).toContain('<td class="number">60 s</td>');
    expect(html).toContain('<code>TargetDown</code> <span class="meta">≤ 90 s</span>');
    expect(html).toContain('1 experiment(s) · 60 s of faults');
    expect(html).not.toMatch(/<script>/);
  });
});

describe('targetText', () => {
  it('says where and how many', () => {
    const params = {};
    expect(targetText({ target: { service: 'scale-api', mode: 'one' }, params })).toBe('scale-api · one replica');
    expect(targetText({ target: { service: 'api', zone: 'b', mode: 'fixed', value: 2 }, params })).toBe(
      'api in zone b · 2 replica(s)',
    );
    expect(targetText({ target: { service: 'api', mode: 'percent', value: 50 }, params })).toBe(
      'api · 50 % of the replicas',
    );
  });
});
