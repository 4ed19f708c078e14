import type { IntegrityReport } from '../integrity';
import { html, type SafeHtml } from './html';

function isIntegrityReport(value: unknown): value is IntegrityReport {
  const report = value as Partial<IntegrityReport> | null;
  return (
    typeof report === 'object' &&
    report !== null &&
    typeof report.holds === 'boolean' &&
    Array.isArray(report.missingInExperiment) &&
    Array.isArray(report.extraInExperiment) &&
    Array.isArray(report.similarMismatches)
  );
}

const plural = (count: number, one: string, many = `${one}s`) =>
  `${count.toLocaleString('en')} ${count === 1 ? one : many}`;

/**
 * What the data-integrity check found, in words: nothing lost, nothing duplicated, the same similar
 * songs in both groups, or what differs. A result of another shape is shown as it is.
 */
export function renderIntegrity(integrity: unknown): SafeHtml | string {
  if (integrity === null || integrity === undefined) return 'not checked';
  if (!isIntegrityReport(integrity)) return JSON.stringify(integrity);
  const report = integrity;
  const duplicates = report.duplicates.control.length + report.duplicates.experiment.length;
  const findings = report.holds
    ? [
        `${plural(report.control.songs, 'song')} in control, ${plural(report.experiment.songs, 'song')} in experiment`,
        `${plural(report.similarChecked, 'similar-songs answer')} equal`,
      ]
    : [
        report.missingInExperiment.length
          ? `${plural(report.missingInExperiment.length, 'song')} lost in experiment`
          : '',
        report.extraInExperiment.length ? `${plural(report.extraInExperiment.length, 'song')} only in experiment` : '',
        duplicates ? `${plural(duplicates, 'song')} duplicated` : '',
        report.similarMismatches.length
          ? `${plural(report.similarMismatches.length, 'similar-songs answer')} differ`
          : '',
        report.settled ? '' : 'catalogs had not caught up by the deadline',
      ].filter(Boolean);
  return html`<span class="badge ${report.holds ? 'good' : 'bad'}">${report.holds ? 'intact' : 'differs'}</span>
    <span class="meta">${findings.join(' · ')}</span>`;
}
