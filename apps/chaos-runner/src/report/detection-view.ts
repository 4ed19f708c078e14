import { DETECTION_PARTS, type DetectionPart, type ExpectedAlert } from '@scale/chaos';
import type { DetectionVerdict } from '../experiments/experiment-views';
import { html, type SafeHtml } from './html';
import { formatSeconds, MISSING } from './report-format';

/** Each part of a detection, as the report names it: from which moment to which, and what its floor is made of. */
const PARTS: Record<DetectionPart, { label: string; span: string; floor: string }> = {
  effect: { label: 'effect', span: 'injection → fault in effect', floor: 'as measured' },
  scrape: { label: 'scrape', span: 'in effect → first scrape that shows it', floor: 'one scrape interval' },
  condition: {
    label: 'condition',
    span: "that scrape → the rule's expression holds",
    floor: 'as measured (the rule’s range filling, a restarted process starting)',
  },
  evaluation: { label: 'evaluation', span: 'condition → pending', floor: 'one evaluation interval' },
  for: { label: 'for', span: 'pending → firing', floor: 'the rule’s for, in whole evaluations' },
  notification: {
    label: 'notification',
    span: 'firing → in the ledger (Alertmanager)',
    floor: 'Alertmanager’s group_wait (group_interval for a group already notified)',
  },
};

/** The part a detection spent longest in, with its length: "for 30 s". */
export function largestPartText(result: DetectionVerdict): string | null {
  const largest = result.breakdown?.largest;
  if (!result.breakdown || !largest) return null;
  return `${PARTS[largest].label} ${formatSeconds(result.breakdown[largest])}`;
}

/**
 * Each expected alert's detection against its deadline and its floor, and for each that fired a
 * stacked bar of where its time went (the floor marked on it) with the parts beside their floors.
 */
export function detectionSection(expected: readonly ExpectedAlert[], detection: readonly DetectionVerdict[]): SafeHtml {
  if (expected.length === 0) return html``;
  const results = new Map(detection.map((result) => [result.alertname, result]));
  return html`
    <section id="detection" aria-labelledby="detection-heading">
      <h2 id="detection-heading">Detection</h2>
      <table id="detection-table">
        <thead><tr><th>Expected alert</th><th class="number">Deadline</th><th class="number">MTTD</th>
          <th class="number">Floor</th><th>Largest part</th><th>Outcome</th></tr></thead>
        <tbody>
          ${expected.map((alert) => {
            const result = results.get(alert.alertname);
            return html`<tr><th scope="row"><code>${alert.alertname}</code></th><td class="number">${formatSeconds(alert.withinSeconds)}</td>
              <td class="number">${formatSeconds(result?.mttdSeconds)}</td><td class="number">${formatSeconds(result?.floor?.total)}</td>
              <td>${result ? (largestPartText(result) ?? MISSING) : MISSING}</td><td>${outcome(result)}</td></tr>`;
          })}
        </tbody>
      </table>
      ${detection.filter((result) => result.breakdown).map(breakdownFigure)}
      <p class="meta">MTTD runs from the injection to the notification reaching the alert ledger. The floor is what
        detection takes when nothing but what cannot be removed holds it up, the scrape and evaluation counted at their
        worst alignment: a whole scrape interval and a whole evaluation interval, the rule’s <code>for</code> in whole
        evaluations and Alertmanager’s group_wait, from the running configuration, plus the measured time the fault
        took to take effect and the rule’s expression took to hold once a scrape showed it. An MTTD more than a moment
        over its floor was held up by something that can be removed; the parts say where.</p>
    </section>`;
}

function outcome(result: DetectionVerdict | undefined): SafeHtml {
  if (!result) return html`<span class="badge neutral">not evaluated</span>`;
  if (!result.detected) return html`<span class="badge bad">not detected</span>`;
  return result.withinDeadline
    ? html`<span class="badge good">within deadline</span>`
    : html`<span class="badge bad">too late</span>`;
}

/** Bar widths are SVG attributes, not inline styles: the pages' Content-Security-Policy allows no inline style. */
function breakdownFigure(result: DetectionVerdict): SafeHtml {
  const breakdown = result.breakdown!;
  const floor = result.floor;
  const scale = Math.max(result.mttdSeconds ?? 0, floor?.total ?? 0) || 1;
  const width = (seconds: number) => (seconds / scale) * 1000;
  let x = 0;
  const bars = DETECTION_PARTS.filter((part) => (breakdown[part] ?? 0) > 0).map((part) => {
    const seconds = breakdown[part] as number;
    const bar = html`<rect class="part ${part}" x="${x.toFixed(1)}" y="0" width="${width(seconds).toFixed(1)}" height="28"><title>${PARTS[part].label}: ${formatSeconds(seconds)}</title></rect>`;
    x += width(seconds);
    return bar;
  });
  const floorMark = floor
    ? html`<line class="floor-mark" x1="${width(floor.total).toFixed(1)}" x2="${width(floor.total).toFixed(1)}" y1="0" y2="36"><title>floor ${formatSeconds(floor.total)}</title></line>`
    : '';
  return html`
    <figure class="breakdown" id="breakdown-${result.alertname}">
      <figcaption>Where the ${formatSeconds(result.mttdSeconds)} of <code>${result.alertname}</code> went
        <span class="meta">(the line marks its floor, ${formatSeconds(floor?.total)})</span></figcaption>
      <svg class="breakdown-bar" viewBox="0 0 1000 36" preserveAspectRatio="none" role="img"
        aria-label="${DETECTION_PARTS.map((part) => `${PARTS[part].label} ${formatSeconds(breakdown[part])}`).join(', ')}">${bars}${floorMark}</svg>
      <table class="breakdown-table">
        <thead><tr><th>Part</th><th>From → to</th><th class="number">Measured</th><th class="number">Floor</th><th>Floor is</th></tr></thead>
        <tbody>
          ${DETECTION_PARTS.map(
            (
              part,
            ) => html`<tr class="${part === breakdown.largest ? 'largest' : ''}"><th scope="row"><span class="swatch ${part}"></span>${PARTS[part].label}</th>
              <td>${PARTS[part].span}</td><td class="number">${formatSeconds(breakdown[part])}</td>
              <td class="number">${formatSeconds(floor?.[part])}</td><td class="meta">${PARTS[part].floor}</td></tr>`,
          )}
        </tbody>
        <tfoot><tr><th scope="row">total</th><td>injection → in the ledger</td><td class="number">${formatSeconds(result.mttdSeconds)}</td>
          <td class="number">${formatSeconds(floor?.total)}</td><td></td></tr></tfoot>
      </table>
    </figure>`;
}
