import { Registry } from 'prom-client';

/**
 * The two text formats of /metrics. OpenMetrics is the one that carries exemplars; Prometheus asks
 * for it by name, while curl and browsers get the classic format they have always had.
 */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

export const EXPOSITION_CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  prometheus: Registry.PROMETHEUS_CONTENT_TYPE,
  openmetrics: Registry.OPENMETRICS_CONTENT_TYPE,
};

/**
 * OpenMetrics for a client that names `application/openmetrics-text` and prefers it at least as much
 * as the classic text (Prometheus 2.42 sends it at q=1, text/plain at q=0.5); a wildcard alone
 * never selects it, so `Accept: *\/*` gets the classic text.
 */
export function negotiateExposition(accept: string | undefined): ExpositionFormat {
  if (!accept) return 'prometheus';
  let openMetrics = 0;
  let text = 0;
  for (const range of accept.split(',')) {
    const [mediaType, ...parameters] = range.split(';');
    const type = mediaType.trim().toLowerCase();
    const qParameter = parameters
      .map((parameter) => parameter.trim())
      .find((parameter) => parameter.toLowerCase().startsWith('q='));
    const quality = qParameter === undefined ? 1 : Number(qParameter.slice(2));
    if (!Number.isFinite(quality)) continue;
    if (type === 'application/openmetrics-text') openMetrics = Math.max(openMetrics, quality);
    else if (type === 'text/plain' || type === 'text/*' || type === '*/*') text = Math.max(text, quality);
  }
  return openMetrics > 0 && openMetrics >= text ? 'openmetrics' : 'prometheus';
}

export interface ExpositionExemplar {
  readonly labelSet: Readonly<Record<string, string | number>>;
  readonly value: number | null;
  readonly timestamp?: number;
}

export interface ExpositionSample {
  readonly value: number;
  /** The sample's labels, the registry's default labels included. */
  readonly labels: Readonly<Record<string, string | number | undefined>>;
  /** Set by histograms and summaries (`_bucket`, `_sum`, `_count`); otherwise the family's name. */
  readonly metricName?: string;
  readonly exemplar?: ExpositionExemplar | null;
}

export interface ExpositionFamily {
  readonly name: string;
  readonly help: string;
  readonly type: string;
  readonly values: readonly ExpositionSample[];
}

/**
 * Writes metric families in either format. prom-client can write both, but switching its registry
 * to OpenMetrics renames its counters in place (`x_total` becomes `x` for good), so the classic text
 * written after one OpenMetrics scrape would lose every `_total`; collecting once and writing here
 * keeps both formats right with one collection per scrape.
 *
 * Counters' samples are `<name>_total` in both formats, so a series has the same name whichever
 * format Prometheus negotiated.
 */
export function writeExposition(families: readonly ExpositionFamily[], format: ExpositionFormat): string {
  const openMetrics = format === 'openmetrics';
  const lines: string[] = [];
  for (const family of families) {
    const counter = family.type === 'counter';
    const base = counter ? family.name.replace(/_total$/, '') : family.name;
    const familyName = counter && !openMetrics ? `${base}_total` : base;
    lines.push(`# HELP ${familyName} ${escapeHelp(family.help, openMetrics)}`, `# TYPE ${familyName} ${family.type}`);
    for (const sample of family.values) {
      const name = counter ? `${base}_total` : (sample.metricName ?? family.name);
      let line = `${name}${formatLabels(sample.labels)} ${formatValue(sample.value)}`;
      const exemplar = sample.exemplar;
      if (openMetrics && exemplar && exemplar.value !== null && Object.keys(exemplar.labelSet).length > 0) {
        line += ` # ${formatLabels(exemplar.labelSet)} ${formatValue(exemplar.value)}`;
        if (exemplar.timestamp !== undefined) line += ` ${exemplar.timestamp}`;
      }
      lines.push(line);
    }
  }
  if (openMetrics) lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Collects the registry once and writes it in `format`. */
export async function renderRegistry(registry: Registry, format: ExpositionFormat): Promise<string> {
  // The values carry what the typings leave out: histograms' sample names and exemplars.
  const families = (await registry.getMetricsAsJSON()) as unknown as ExpositionFamily[];
  return writeExposition(families, format);
}

/** `{a="1",b="2"}` with `le` last, where readers look for it; nothing for no labels. */
function formatLabels(labels: Readonly<Record<string, string | number | undefined>>): string {
  let formatted = '';
  for (const name in labels) {
    const value = labels[name];
    if (name === 'le' || value === undefined) continue;
    formatted += `${formatted ? ',' : ''}${name}="${escapeLabelValue(String(value))}"`;
  }
  const le = labels.le;
  if (le !== undefined) formatted += `${formatted ? ',' : ''}le="${typeof le === 'number' ? formatValue(le) : le}"`;
  return formatted ? `{${formatted}}` : '';
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** OpenMetrics escapes double quotes in help text as well; the classic format does not. */
function escapeHelp(help: string, openMetrics: boolean): string {
  const escaped = help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return openMetrics ? escaped.replace(/"/g, '\\"') : escaped;
}
