import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS, METRIC_SCOPES, SCOPE_LABELS } from './metric-contract';
import { inspectPromql } from './promql-syntax';
import { dashboardQueries, substituteVariables } from './queries';

const values = { group: 'control', zone: 'a', service: 'scale-api' };
const queries = dashboardQueries(values);
const cases = queries.map((query) => [`${query.dashboard} › ${query.panel} › ${query.refId}`, query.expr] as const);

describe('every dashboard query, with the variables as Grafana fills them in', () => {
  it('covers every dashboard, and only the ones asked for', () => {
    expect(new Set(queries.map((query) => query.dashboard))).toEqual(
      new Set([
        'scale-steady-state',
        'scale-infrastructure',
        'scale-pipeline',
        'scale-alerting',
        'scale-incidents',
        'scale-chaos',
      ]),
    );
    expect(new Set(dashboardQueries(values, ['scale-chaos']).map((query) => query.dashboard))).toEqual(
      new Set(['scale-chaos']),
    );
    expect(queries.filter((query) => query.panelType === 'annotation').map((query) => query.dashboard)).toEqual(
      Array(5).fill('scale-chaos'),
    );
  });

  it('say how Grafana sends each one: figures, bars and tables at one instant, graphs and annotations over the range, the steady-state request panels once per service', () => {
    const instantTypes = new Set(['stat', 'bargauge', 'table']);
    for (const query of queries) {
      expect(query.instant, `${query.dashboard} › ${query.panel}`).toBe(instantTypes.has(query.panelType));
    }
    expect(
      queries
        .filter((query) => query.instant && query.dashboard === 'scale-infrastructure')
        .map((query) => query.panel),
    ).toEqual(['OOM kills', 'Process restarts']);
    const repeated = queries.filter((query) => query.repeatedFor !== undefined);
    expect(new Set(repeated.map((query) => `${query.dashboard} › ${query.panel} › ${query.repeatedFor}`))).toEqual(
      new Set(
        ['Request rate', '5xx error ratio', 'Latency p50 / p95 / p99'].map(
          (panel) => `scale-steady-state › ${panel} › service`,
        ),
      ),
    );
  });

  it.each(cases)('%s parses as PromQL with no variable left', (_name, expr) => {
    expect(expr).not.toContain('$');
    expect(inspectPromql(expr).errorsAt, expr).toEqual([]);
  });

  it.each(cases)('%s selects only metrics of the contract', (_name, expr) => {
    const metrics = inspectPromql(expr).selectors.map((selector) => selector.metric);
    expect(metrics.length).toBeGreaterThan(0);
    for (const metric of metrics) expect(KNOWN_METRICS, expr).toContain(metric);
  });

  // A process's series carry its group, zone and service; the recording rules only group and service; the alert ledger's
  // the alert's as alert_group and alert_service, the experiments' the fault's group as target_group. On the chaos runner's
  // series `group` and `service` name the runner itself: filtering those would hide everything.
  it.each(cases)(
    '%s narrows every selector by the labels its series carries the group, zone and service in, and by no other',
    (_name, expr) => {
      for (const { metric, labels } of inspectPromql(expr).selectors) {
        // The machine's series have an empty scope: no variable filters them.
        expect(METRIC_SCOPES.has(metric ?? ''), `${metric} has no scope in the metric contract`).toBe(true);
        const scope = Object.values(METRIC_SCOPES.get(metric ?? '') ?? {});
        expect(labels, expr).toEqual(expect.arrayContaining(scope));
        for (const label of labels) {
          if (SCOPE_LABELS.has(label)) expect(scope, `${metric} filtered by ${label} in ${expr}`).toContain(label);
        }
      }
    },
  );
});

describe('substituteVariables', () => {
  it('fills in the variables in each of the forms Grafana accepts', () => {
    expect(
      substituteVariables(
        'up{group=~"$group", zone=~"${zone}", service=~"${service:regex}"}[$__rate_interval] $__interval $__range',
        values,
      ),
    ).toBe('up{group=~"control", zone=~"a", service=~"scale-api"}[1m] 15s 1h');
    expect(substituteVariables('rate(x[$__rate_interval])', { ...values, rateInterval: '2m' })).toBe('rate(x[2m])');
  });

  it('leaves an unknown variable in place, where the parser will trip on it', () => {
    const expr = substituteVariables('rate(up{group=~"$group"}[$__rate_intervl])', values);
    expect(expr).toBe('rate(up{group=~"control"}[$__rate_intervl])');
    expect(inspectPromql(expr).errorsAt).not.toEqual([]);
  });
});

describe('inspectPromql', () => {
  it('finds where an expression stops being PromQL', () => {
    expect(inspectPromql('sum(rate(up[1m])').errorsAt).not.toEqual([]);
    expect(inspectPromql('sum by (group) rate(up[1m])').errorsAt).not.toEqual([]);
    expect(inspectPromql('rat(up[1m])').errorsAt).not.toEqual([]);
    expect(inspectPromql('sum by (group) (rate(up[1m]))').errorsAt).toEqual([]);
  });

  it('names the metric and the labels of every selector, however deep', () => {
    const { selectors } = inspectPromql(
      'histogram_quantile(0.9, sum by (le) (rate(a_bucket{group="x", zone=~"y"}[5m]))) / on (service) (time() - b{service="s"}) or {__name__="c", zone="z"}',
    );
    expect(selectors).toEqual([
      { metric: 'a_bucket', labels: ['group', 'zone'] },
      { metric: 'b', labels: ['service'] },
      { metric: 'c', labels: ['zone'] },
    ]);
  });
});
