import { describe, expect, it } from 'vitest';
import { detect, falseAlarms, Firing } from './detection';

const at = (second: number) => new Date(Date.UTC(2026, 10, 25, 12, 0, second));
const firing = (alertname: string, group: string, startsAt: number, endsAt: number | null = null): Firing => ({
  alertname,
  group,
  service: 'scale-api',
  startsAt: at(startsAt),
  endsAt: endsAt === null ? null : at(endsAt),
});

describe('detect', () => {
  const injectedAt = at(10);

  it('measures the time to the first experiment-group firing after injection', () => {
    const firings = [
      firing('TargetDown', 'experiment', 5, 8), // before the injection: something else
      firing('TargetDown', 'control', 12), // the control group does not detect the fault
      firing('TargetDown', 'experiment', 30),
      firing('TargetDown', 'experiment', 14, 20),
    ];
    expect(detect(injectedAt, firings, [{ alertname: 'TargetDown', withinSeconds: 5 }])).toEqual([
      { alertname: 'TargetDown', detected: true, mttdSeconds: 4, withinDeadline: true },
    ]);
  });

  it('counts a firing at the injection instant, and flags one past the deadline', () => {
    expect(
      detect(injectedAt, [firing('HighCpu', 'experiment', 10)], [{ alertname: 'HighCpu', withinSeconds: 1 }])[0],
    ).toMatchObject({ mttdSeconds: 0 });
    expect(
      detect(injectedAt, [firing('HighCpu', 'experiment', 50)], [{ alertname: 'HighCpu', withinSeconds: 30 }]),
    ).toEqual([{ alertname: 'HighCpu', detected: true, mttdSeconds: 40, withinDeadline: false }]);
  });

  it('ends MTTD when the ledger was told, after Alertmanager held the notification, not when Prometheus fired', () => {
    const held = { ...firing('TargetDown', 'experiment', 14), notifiedAt: at(15) };
    expect(detect(injectedAt, [held], [{ alertname: 'TargetDown', withinSeconds: 5 }])).toEqual([
      { alertname: 'TargetDown', detected: true, mttdSeconds: 5, withinDeadline: true },
    ]);
  });

  it('reports an undetected fault as such, per expected alert', () => {
    expect(
      detect(
        injectedAt,
        [firing('TargetDown', 'experiment', 20)],
        [
          { alertname: 'TargetDown', withinSeconds: 60 },
          { alertname: 'ZoneOutage', withinSeconds: 60 },
        ],
      ),
    ).toEqual([
      { alertname: 'TargetDown', detected: true, mttdSeconds: 10, withinDeadline: true },
      { alertname: 'ZoneOutage', detected: false, mttdSeconds: null, withinDeadline: false },
    ]);
  });
});

describe('falseAlarms', () => {
  it('returns the control-group firings active during the window', () => {
    const window = { from: at(10), to: at(40) };
    const firings = [
      firing('TargetDown', 'control', 0, 10), // resolved as the window opened
      firing('TargetDown', 'control', 0, 11), // still firing into the window
      firing('HighCpu', 'control', 20, 25),
      firing('HighCpu', 'control', 40), // starts at its last instant
      firing('HighCpu', 'control', 41),
      firing('HighCpu', 'experiment', 20),
    ];
    expect(falseAlarms(window, firings)).toEqual([firings[1], firings[2], firings[3]]);
  });
});
