import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as units from '@grafana/grafana-foundation-sdk/units';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardFiles, panelsOf, scaleDashboards } from './dashboards';

const COMMITTED = resolve(__dirname, '../dashboards');
const GRAFANA_UNITS = new Set<unknown>(Object.values(units));

describe('the committed dashboards', () => {
  it.each(dashboardFiles())('$name is what the sources generate', ({ name, contents }) => {
    const committed = readFileSync(resolve(COMMITTED, name), 'utf8');
    expect(committed, `${name} is out of date with observability/grafana/src: run \`npm run dashboards\``).toBe(
      contents,
    );
  });

  it('are all generated: no file stays behind for a dashboard the sources dropped', () => {
    const committed = readdirSync(COMMITTED).filter((name) => name.endsWith('.json'));
    expect(committed.sort(), 'run `npm run dashboards`').toEqual(
      dashboardFiles()
        .map((file) => file.name)
        .sort(),
    );
  });
});

describe('the Scale dashboards', () => {
  const dashboards = scaleDashboards();

  it('keep their uids, so links and bookmarks to them last', () => {
    expect(dashboards.map((built) => built.uid)).toEqual([
      'scale-steady-state',
      'scale-infrastructure',
      'scale-pipeline',
      'scale-alerting',
      'scale-incidents',
      'scale-chaos',
    ]);
    for (const built of dashboards) expect(built.tags).toEqual(['scale']);
  });

  it('pick a Prometheus, then groups, zones and services among the running processes, All by default', () => {
    for (const built of dashboards) {
      const variables = built.templating.list ?? [];
      expect(variables.map((variable) => [variable.name, variable.type])).toEqual([
        ['datasource', dashboard.VariableType.Datasource],
        ['group', dashboard.VariableType.Query],
        ['zone', dashboard.VariableType.Query],
        ['service', dashboard.VariableType.Query],
      ]);
      expect(variables[0].query).toBe('prometheus');
      for (const variable of variables.slice(1)) {
        expect(variable.query).toMatch(
          new RegExp(`^label_values\\(scale_build_info(\\{[^}]*\\})?, ${variable.name}\\)$`),
        );
        expect(variable).toMatchObject({ multi: true, includeAll: true, allValue: '.*', current: { value: '$__all' } });
        expect(variable.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      }
    }
  });

  it.each(
    dashboards.flatMap((built) =>
      panelsOf(built).map((panel) => [built.uid, panel.title ?? '(untitled)', panel] as const),
    ),
  )(
    '%s › %s has a title, a description, a Grafana unit and queries on the chosen Prometheus',
    (_uid, _title, panel) => {
      expect(panel.title).toBeTruthy();
      expect(panel.description).toBeTruthy();
      expect(GRAFANA_UNITS).toContain(panel.fieldConfig?.defaults?.unit);
      expect(panel.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
      expect(panel.targets?.length).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target).toMatchObject({ datasource: panel.datasource, refId: expect.stringMatching(/^[A-Z]$/) });
      }
    },
  );

  it('number every panel and row once, from 1, and lay them out within the 24-column grid', () => {
    for (const built of dashboards) {
      const panels = built.panels ?? [];
      expect(panels.map((panel) => panel.id)).toEqual(panels.map((_, index) => index + 1));
      for (const { gridPos } of panels) expect(gridPos!.x + gridPos!.w).toBeLessThanOrEqual(24);
    }
  });

  it('repeat the steady-state request panels once per selected service', () => {
    const [steadyState] = dashboards;
    expect(steadyState.panels?.[0]).toMatchObject({ type: 'row', title: '$service', repeat: 'service' });
  });

  it('draw the chaos experiments as annotations: one query per lifecycle event, each its own colour, at the time the runner stamped', () => {
    const chaos = dashboards.find((built) => built.uid === 'scale-chaos')!;
    const annotations = chaos.annotations?.list ?? [];
    const events = ['start', 'injection', 'detection', 'recovery', 'end'];
    expect(annotations).toHaveLength(events.length);
    expect(new Set(annotations.map((annotation) => annotation.iconColor)).size).toBe(events.length);
    annotations.forEach((annotation, index) => {
      expect(annotation).toMatchObject({
        enable: true,
        useValueForTime: true,
        datasource: { type: 'prometheus', uid: '${datasource}' },
      });
      expect(annotation.titleFormat).toContain('{{fault}}');
      expect(annotation.textFormat).toContain('{{title}}');
      const target = annotation.target as prometheus.Dataquery;
      expect(target.datasource).toEqual(annotation.datasource);
      // The series' value is the event's unix time in seconds; Grafana reads a time from a value in milliseconds.
      expect(target.expr).toMatch(
        new RegExp(`^scale_experiment_event_timestamp_seconds\\{[^}]*event="${events[index]}"[^}]*\\} \\* 1000$`),
      );
    });
    for (const other of dashboards.filter((built) => built !== chaos)) {
      expect(other.annotations?.list ?? []).toEqual([]);
    }
  });
});
