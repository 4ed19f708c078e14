import type {
  DetectionVerdict,
  ExperimentDetail,
  ExperimentReportData,
  ProbeVerdict,
  Verdict,
} from '../experiments/experiment-views';
import { chartsPayload } from './chart-data';
import { detectionSection, largestPartText } from './detection-view';
import { html, jsonForScript, type SafeHtml } from './html';
import { renderIntegrity } from './integrity-view';
import { pageShell } from './page-shell';
import { formatNumber, formatPValue, formatRatio, formatSeconds, formatTime, MISSING } from './report-format';

const STATUS_TONE: Record<string, 'good' | 'bad' | 'busy' | 'neutral'> = {
  completed: 'good',
  aborted: 'bad',
  failed: 'bad',
  refused: 'bad',
  pending: 'busy',
  'checking-steady-state': 'busy',
  injecting: 'busy',
  running: 'busy',
  reverting: 'busy',
  verifying: 'busy',
};

/**
 * The report of one experiment, for a person: what was done to which replicas, whether the
 * hypothesis held (probe by probe, control against experiment), how fast the alerts saw it and the
 * system recovered, and a chart per probe and golden signal, the moments that matter marked. The charts are drawn
 * in the browser by uPlot from the JSON embedded at the end; everything else is here already.
 */
export function renderReportPage(data: ExperimentReportData): string {
  const { detail } = data;
  const verdict = detail.verdict;
  return pageShell({
    title: `${detail.title} · chaos experiment report`,
    stylesheets: ['/report-assets/uPlot.min.css'],
    scripts: ['/report-assets/uPlot.iife.min.js', '/report-assets/report.js'],
    body: html`
      <section class="heading">
        <h1 id="title">${detail.title}</h1>
        <p class="badges">
          <span class="badge ${STATUS_TONE[detail.status] ?? 'neutral'}" id="status">${detail.status}</span>
          ${verdict ? hypothesisBadge(verdict) : html`<span class="badge neutral">no verdict yet</span>`}
          ${verdict ? html`<span class="badge ${verdict.recovered ? 'good' : 'bad'}">${verdict.recovered ? 'recovered' : 'not recovered'}</span>` : ''}
          ${detail.document.dryRun ? html`<span class="badge neutral">dry run: nothing injected</span>` : ''}
        </p>
        ${detail.document.description ? html`<p class="description">${detail.document.description}</p>` : ''}
        ${detail.abortReason ? html`<p class="abort" role="alert"><strong>Aborted:</strong> ${detail.abortReason}</p>` : ''}
      </section>
      ${facts(detail, verdict)}
      ${probeTable(verdict)}
      ${detectionSection(detail.document.expectedAlerts, verdict?.detection ?? [])}
      <section id="charts" aria-labelledby="charts-heading">
        <h2 id="charts-heading">Control and experiment over time</h2>
        <p class="legend">
          <span class="key control">control</span> <span class="key experiment">experiment</span>
          ${data.markers.map((marker) => html`<span class="key marker ${marker.label}">${marker.label}</span> `)}
        </p>
        ${data.series.length === 0 ? html`<p class="meta">No samples were recorded for this experiment.</p>` : ''}
        ${data.series.map(
          (series, index) => html`
            <figure class="chart" data-chart="${index}">
              <figcaption>${series.name}${series.unit ? html` <span class="meta">(${series.unit})</span>` : ''}</figcaption>
              <div class="plot"></div>
            </figure>`,
        )}
      </section>
      ${journal(detail)}
      <section id="document">
        <details>
          <summary>Experiment document</summary>
          <pre>${JSON.stringify(detail.document, null, 2)}</pre>
        </details>
      </section>
      <script type="application/json" id="report-data">${jsonForScript(chartsPayload(data.series, data.markers))}</script>`,
  });
}

function hypothesisBadge(verdict: Verdict): SafeHtml {
  const tone = verdict.hypothesis === 'held' ? 'good' : verdict.hypothesis === 'deviated' ? 'bad' : 'neutral';
  const text = verdict.hypothesis === 'not-evaluated' ? 'hypothesis not evaluated' : `hypothesis ${verdict.hypothesis}`;
  return html`<span class="badge ${tone}" id="hypothesis">${text}</span>`;
}

/** The fastest detection among the expected alerts, which is the one that would have paged. */
function firstDetection(detection: readonly DetectionVerdict[]): DetectionVerdict | null {
  const detected = detection.filter((result) => result.detected && result.mttdSeconds !== null);
  return detected.sort((a, b) => a.mttdSeconds! - b.mttdSeconds!)[0] ?? null;
}

function facts(detail: ExperimentDetail, verdict: Verdict | null): SafeHtml {
  const fault = detail.document.fault;
  const first = verdict ? firstDetection(verdict.detection) : null;
  const mttd = !verdict
    ? MISSING
    : verdict.detection.length === 0
      ? 'no alert expected'
      : first
        ? html`${formatSeconds(first.mttdSeconds)} (${first.alertname})${largestPart(first)}`
        : 'not detected';
  const rows: Array<[string, string | SafeHtml, string?]> = [
    ['Fault', html`<code>${fault.kind}</code> for ${formatSeconds(detail.document.durationSeconds)}`],
    [
      'Targets',
      detail.targets.length
        ? html`${detail.targets.map((target, index) => html`${index ? ', ' : ''}<code>${target}</code>`)}`
        : MISSING,
    ],
    ['Started by', detail.createdBy],
    ['Injected', formatTime(detail.injectedAt)],
    ['MTTD', mttd, 'mttd'],
    [
      'MTTD floor',
      verdict
        ? html`${formatSeconds(first?.floor?.total ?? verdict.detectionFloorSeconds)} <span class="meta">nothing but what cannot be removed, at the worst alignment (see Detection)</span>`
        : MISSING,
      'floor',
    ],
    ['MTTR (alert)', verdict ? formatSeconds(verdict.mttrSeconds) : MISSING, 'mttr'],
    ['Recovery', verdict ? recovery(verdict) : MISSING, 'recovery'],
    [
      'False alarms',
      verdict ? html`${verdict.falseAlarms} <span class="meta">control-group alerts during the run</span>` : MISSING,
      'false-alarms',
    ],
    ['Integrity', verdict ? renderIntegrity(verdict.integrity) : MISSING, 'integrity'],
  ];
  return html`
    <section id="summary" aria-label="Summary">
      <dl class="facts">
        ${rows.map(([term, value, id]) => html`<div${id ? html` id="fact-${id}"` : ''}><dt>${term}</dt><dd>${value}</dd></div>`)}
      </dl>
    </section>`;
}

function largestPart(result: DetectionVerdict): SafeHtml | string {
  const largest = largestPartText(result);
  return largest ? html` <span class="meta">largest part: ${largest}</span>` : '';
}

function recovery(verdict: Verdict): string {
  if (verdict.recoverySeconds !== null) return `${formatSeconds(verdict.recoverySeconds)} after injection`;
  return verdict.recovered ? MISSING : 'steady state did not come back';
}

function probeTable(verdict: Verdict | null): SafeHtml {
  const probes: readonly ProbeVerdict[] = verdict?.probes ?? [];
  return html`
    <section id="verdict" aria-labelledby="verdict-heading">
      <h2 id="verdict-heading">Steady-state hypothesis</h2>
      ${
        probes.length === 0
          ? html`<p class="meta">No probe has been evaluated yet.</p>`
          : html`
          <table id="verdict-table">
            <thead>
              <tr><th>Probe</th><th>Tolerance</th><th class="number">Control median</th><th class="number">Experiment median</th>
                <th class="number">Ratio</th><th class="number" title="Mann-Whitney U, two-sided">p-value</th><th>Hypothesis</th></tr>
            </thead>
            <tbody>
              ${probes.map(
                (probe) => html`
                <tr class="${probe.holds ? 'held' : 'deviated'}">
                  <th scope="row">${probe.name}</th>
                  <td><code>${probe.limit}</code></td>
                  <td class="number">${formatNumber(probe.controlMedian)}</td>
                  <td class="number">${formatNumber(probe.experimentMedian)}</td>
                  <td class="number">${formatRatio(probe.ratio)}</td>
                  <td class="number">${formatPValue(probe.pValue)}</td>
                  <td><span class="badge ${probe.holds ? 'good' : 'bad'}">${probe.holds ? 'held' : 'deviated'}</span></td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
    </section>`;
}

function journal(detail: ExperimentDetail): SafeHtml {
  return html`
    <section id="journal" aria-labelledby="journal-heading">
      <h2 id="journal-heading">Journal</h2>
      <ol class="journal">
        ${detail.journal.map(
          (
            entry,
          ) => html`<li><time datetime="${entry.at}">${formatTime(entry.at).replace(/^\S+ /, '')}</time> <strong>${entry.step}</strong>
            ${Object.keys(entry.detail).length ? html`<code class="detail">${JSON.stringify(entry.detail)}</code>` : ''}</li>`,
        )}
      </ol>
    </section>`;
}
