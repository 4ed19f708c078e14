import { parse } from 'yaml';
import { fetchFailure } from '../common/fetch-failure';
import { parsePrometheusDuration } from './prometheus-durations';
import { PrometheusQueryError, PrometheusUnreachableError } from './prometheus-errors';

export interface InstantSample {
  labels: Record<string, string>;
  /** NaN when Prometheus says NaN (a ratio over an interval without observations). */
  value: number;
}

export interface RangeSeries {
  labels: Record<string, string>;
  /** [unix seconds, value] */
  points: Array<[number, number]>;
}

/** What decides how fast an alert can fire: its rule's `for` and how often its group is evaluated. */
export interface AlertRuleTiming {
  alertname: string;
  /** The shortest `for` among the rules of that name (several severities may share a name). */
  forSeconds: number;
  evaluationIntervalSeconds: number;
}

interface ApiAnswer<T> {
  status: 'success' | 'error';
  data: T;
  errorType?: string;
  error?: string;
}

type VectorData = { resultType: 'vector'; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
type ScalarData = { resultType: 'scalar'; result: [number, string] };
type MatrixData = {
  resultType: 'matrix';
  result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>;
};
type RulesData = {
  groups: Array<{
    name: string;
    interval: number;
    rules: Array<{ type: string; name: string; duration?: number; query?: string; labels?: Record<string, string> }>;
  }>;
};

/** One alerting rule as Prometheus runs it (several severities may share a name). */
export interface AlertingRule {
  alertname: string;
  /** The rule's expression. */
  query: string;
  forSeconds: number;
  evaluationIntervalSeconds: number;
  /** The labels the rule adds to its alerts (severity, sev, ...). */
  labels: Record<string, string>;
}

/** Prometheus' HTTP API: instant and range queries, the alerting rules, the configuration. */
export class PrometheusClient {
  readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 5_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  async instant(query: string, at?: Date): Promise<InstantSample[]> {
    const form: Record<string, string> = { query };
    if (at) form.time = String(at.getTime() / 1000);
    const data = await this.call<VectorData | ScalarData>('/api/v1/query', form);
    if (data.resultType === 'scalar') return [{ labels: {}, value: Number(data.result[1]) }];
    if (data.resultType !== 'vector') {
      throw new PrometheusQueryError(
        `the query returns a ${String((data as { resultType: string }).resultType)}, not a number per series: ${query}`,
      );
    }
    return data.result.map((series) => ({ labels: series.metric, value: Number(series.value[1]) }));
  }

  async range(query: string, from: Date, to: Date, stepSeconds: number): Promise<RangeSeries[]> {
    const form = {
      query,
      start: String(from.getTime() / 1000),
      end: String(to.getTime() / 1000),
      step: String(stepSeconds),
    };
    const data = await this.call<MatrixData>('/api/v1/query_range', form);
    return data.result.map((series) => ({
      labels: series.metric,
      points: series.values.map(([at, value]) => [at, Number(value)]),
    }));
  }

  /**
   * Every sample Prometheus holds for the series of `selector` in [from, to], at the times they were
   * scraped or evaluated (a range selector, not a range query's evenly spaced steps).
   */
  async rawSamples(selector: string, from: Date, to: Date): Promise<RangeSeries[]> {
    const rangeMs = Math.max(1, Math.ceil(to.getTime() - from.getTime()));
    const data = await this.call<MatrixData>('/api/v1/query', {
      query: `${selector}[${rangeMs}ms]`,
      time: String(to.getTime() / 1000),
    });
    return data.result.map((series) => ({
      labels: series.metric,
      points: series.values.map(([at, value]) => [at, Number(value)]),
    }));
  }

  /** The alerting rules of that name, with their expressions. */
  async alertingRules(alertname: string): Promise<AlertingRule[]> {
    const data = await this.call<RulesData>('/api/v1/rules?type=alert');
    return data.groups.flatMap((group) =>
      group.rules
        .filter((rule) => rule.type === 'alerting' && rule.name === alertname)
        .map((rule) => ({
          alertname,
          query: rule.query ?? '',
          forSeconds: rule.duration ?? 0,
          evaluationIntervalSeconds: group.interval,
          labels: rule.labels ?? {},
        })),
    );
  }

  /** The Alertmanagers Prometheus sends its alerts to: their base URLs. */
  async alertmanagers(): Promise<string[]> {
    const data = await this.call<{ activeAlertmanagers: Array<{ url: string }> }>('/api/v1/alertmanagers');
    return data.activeAlertmanagers.map(({ url }) => url.replace(/\/api\/v[12]\/alerts$/, ''));
  }

  /** The alerting rule's timing, or null when Prometheus has no rule of that name. */
  async alertRule(alertname: string): Promise<AlertRuleTiming | null> {
    const data = await this.call<RulesData>('/api/v1/rules?type=alert');
    let timing: AlertRuleTiming | null = null;
    for (const group of data.groups) {
      for (const rule of group.rules) {
        if (rule.type !== 'alerting' || rule.name !== alertname) continue;
        const forSeconds = rule.duration ?? 0;
        if (timing === null || forSeconds < timing.forSeconds) {
          timing = { alertname, forSeconds, evaluationIntervalSeconds: group.interval };
        }
      }
    }
    return timing;
  }

  /** The global scrape interval of the running configuration. */
  async scrapeIntervalSeconds(): Promise<number | null> {
    const data = await this.call<{ yaml: string }>('/api/v1/status/config');
    const config = parse(data.yaml) as { global?: { scrape_interval?: string } } | null;
    const interval = config?.global?.scrape_interval;
    return interval ? parsePrometheusDuration(interval) : null;
  }

  /** Every recording rule Prometheus runs: the recorded series' name → its expression. */
  async recordingRules(): Promise<Map<string, string>> {
    const data = await this.call<RulesData>('/api/v1/rules?type=record');
    return new Map(
      data.groups.flatMap((group) =>
        group.rules.flatMap((rule) => (rule.type === 'recording' ? ([[rule.name, rule.query ?? '']] as const) : [])),
      ),
    );
  }

  private async call<T>(path: string, form?: Record<string, string>): Promise<T> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: form ? 'POST' : 'GET',
        headers: form ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined,
        body: form ? new URLSearchParams(form).toString() : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new PrometheusUnreachableError(
        `Prometheus at ${this.baseUrl} is unreachable: ${fetchFailure(error, this.timeoutMs)}`,
      );
    }
    let answer: ApiAnswer<T> | undefined;
    try {
      answer = (await response.json()) as ApiAnswer<T>;
    } catch {
      answer = undefined;
    }
    if (response.status >= 500 && answer?.errorType !== 'execution') {
      throw new PrometheusUnreachableError(
        `Prometheus at ${this.baseUrl} failed (${response.status})${answer?.error ? `: ${answer.error}` : ''}`,
      );
    }
    if (!answer) {
      throw new PrometheusUnreachableError(
        `Prometheus at ${this.baseUrl} answered ${response.status} without a JSON body`,
      );
    }
    if (answer.status !== 'success') {
      throw new PrometheusQueryError(
        `Prometheus refused ${form?.query ? `the query ${form.query}` : path}: ${answer.error ?? answer.errorType ?? response.status}`,
      );
    }
    return answer.data;
  }
}
