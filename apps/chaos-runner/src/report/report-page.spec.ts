import { describe, expect, it } from 'vitest';
import { podKillReport } from '../../../../test/support/runner-report';
import { renderReportPage } from './report-page';

describe('renderReportPage', () => {
  it('states the verdict, the detection and recovery times and the integrity in the page itself', () => {
    const page = renderReportPage(podKillReport());
    expect(page).toContain('<h1 id="title">API survives losing a replica</h1>');
    expect(page).toMatch(/id="hypothesis">hypothesis deviated</);
    expect(page).toMatch(
      /<th scope="row">api p95 latency<\/th>[\s\S]*?0\.0451[\s\S]*?0\.0874[\s\S]*?×1\.94[\s\S]*?&lt; 0\.001[\s\S]*?deviated/,
    );
    expect(page).toMatch(
      /id="fact-mttd"><dt>MTTD<\/dt><dd>17 s \(TargetDown\) <span class="meta">largest part: for 15 s/,
    );
    expect(page).toMatch(/id="fact-floor"><dt>MTTD floor<\/dt><dd>17 s/);
    expect(page).toMatch(/ApiAvailabilityBudgetBurn[\s\S]*?not detected/);
  });

  it('draws where the detection’s time went, part by part beside its floor, and marks the largest', () => {
    const page = renderReportPage(podKillReport());
    const figure = page.slice(page.indexOf('<figure class="breakdown" id="breakdown-TargetDown">'));
    // One bar per part that took time (the condition took none), in the order of the alert's path, and the floor's line.
    expect([...figure.matchAll(/<rect class="part (\w+)"/g)].map((match) => match[1])).toEqual([
      'effect',
      'scrape',
      'evaluation',
      'for',
      'notification',
    ]);
    expect(figure).toMatch(/<rect class="part for" x="98\.8" y="0" width="872\.1"/);
    expect(figure).toContain('<line class="floor-mark" x1="1000.0"');
    expect(figure).toMatch(
      /<tr class="largest"><th scope="row"><span class="swatch for"><\/span>for<\/th>[\s\S]*?15 s[\s\S]*?15 s/,
    );
    expect(figure).toMatch(
      /total<\/th><td>injection → in the ledger<\/td><td class="number">17 s<\/td>\s*<td class="number">17 s/,
    );
    // The undetected alert has its floor in the table, and no bar.
    expect(page).toMatch(/ApiAvailabilityBudgetBurn<\/code><\/th>[\s\S]*?2 min 2 s[\s\S]*?not detected/);
    expect(page).not.toContain('id="breakdown-ApiAvailabilityBudgetBurn"');
    expect(page).toMatch(/intact<\/span>\s*<span class="meta">1,204 songs in control/);
  });

  it('escapes what users wrote, in the markup and in the embedded chart data', () => {
    const data = podKillReport();
    const hostile = '</script><script>alert(1)</script>';
    data.detail.title = hostile;
    data.detail.verdict!.probes[0].name = `<b onmouseover="x">${hostile}`;
    data.series[0] = { ...data.series[0], name: hostile };
    const page = renderReportPage(data);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<b onmouseover');
    expect(page.match(/<\/script>/g)).toHaveLength(3);
  });

  it('says so when nothing has been evaluated yet', () => {
    const data = podKillReport();
    data.detail.status = 'running';
    data.detail.verdict = null;
    data.series = [];
    const page = renderReportPage(data);
    expect(page).toContain('no verdict yet');
    expect(page).toContain('No probe has been evaluated yet.');
    expect(page).toContain('No samples were recorded for this experiment.');
  });
});
