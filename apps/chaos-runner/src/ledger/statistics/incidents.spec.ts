import { describe, expect, it } from 'vitest';
import { incidentsOf } from './incidents';
import { span } from './test-spans';

describe('incidentsOf', () => {
  it('merges the overlapping alerts of one service and group into one incident, as severe as the worst', () => {
    const incidents = incidentsOf([
      span('TargetDown', 0, 10, { sev: 'SEV2' }),
      span('ZoneOutage', 1, 12, { sev: 'SEV1' }),
      span('ProcessRestarts', 11, 15, { sev: 'SEV3' }),
    ]);
    expect(incidents).toEqual([
      {
        service: 'scale-api',
        group: 'experiment',
        sev: 'SEV1',
        startsAt: span('', 0, null).startsAt,
        endsAt: span('', 0, 15).endsAt,
        alerts: 3,
      },
    ]);
  });

  it('keeps alerts apart when they do not overlap, or concern another group or service', () => {
    const incidents = incidentsOf([
      span('TargetDown', 0, 10),
      span('TargetDown', 11, 20),
      span('TargetDown', 5, 6, { group: 'control' }),
      span('ExtractorStalled', 5, 6, { service: 'scale-extractor' }),
    ]);
    expect(incidents.map((incident) => [incident.service, incident.group, incident.alerts])).toEqual([
      ['scale-api', 'experiment', 1],
      ['scale-api', 'control', 1],
      ['scale-extractor', 'experiment', 1],
      ['scale-api', 'experiment', 1],
    ]);
  });

  it('keeps an incident open while one of its alerts fires, taking in what starts meanwhile', () => {
    const incidents = incidentsOf([span('HighMemory', 0, null), span('TargetDown', 500, 510)]);
    expect(incidents).toHaveLength(1);
    expect(incidents[0].endsAt).toBeNull();
    expect(incidents[0].alerts).toBe(2);
  });

  it('counts alerts without service or group labels under empty names', () => {
    expect(
      incidentsOf([span('Watchdog', 0, 1, { service: null, group: null })]).map((i) => [i.service, i.group]),
    ).toEqual([['', '']]);
  });
});
