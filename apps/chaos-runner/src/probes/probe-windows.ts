import type { Group } from '../drivers/driver';
import { parsePrometheusDuration } from './prometheus-durations';

/*
 * A probe reads windows of the past: `rate(x[1m])`, or a recording rule built on one. Right after a
 * group (or Prometheus) starts, those windows reach back before its first samples, and the probe
 * reads a rate over half a window: a steady state judged on a ramp. The runner therefore waits, before
 * the steady-state check that precedes an injection, until each probe's own series has had values
 * for as long as the longest window it reads. A probe's series cannot exist before the samples it is
 * computed from (a rate needs two), so its age is a lower bound on theirs, and the bound is measured
 * with the same query, whatever the probe is built on.
 */

/** `[5m]`: a range selector's range. */
const RANGE = /\[\s*([^\]:\s]+)\s*\]/g;
/** `[5m:30s]`, `[5m:]`: a subquery's range. */
const SUBQUERY = /\[\s*([^\]:\s]+)\s*:[^\]]*\]/;
const OFFSET = /\boffset\s+([0-9][0-9a-z.]*)/gi;
/** Metric names, recording rules among them; also label and function names, which match no rule. */
const NAME = /[a-zA-Z_:][a-zA-Z0-9_:]*/g;
/** Label values may hold anything, brackets and rule names included. */
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;

function durationSeconds(text: string): number {
  return /^\d+(?:\.\d+)?$/.test(text) ? Number(text) : (parsePrometheusDuration(text) ?? 0);
}

/**
 * How far into the past a query reads, in seconds: its longest window (a subquery's range plus the
 * reach of the expression it evaluates) and offset, plus the longest reach of any recording rule it
 * reads (`rules`: rule name → expression), whose samples are themselves computed over windows. An
 * upper bound: `rate(a[5m]) / r` counts 5 m plus r's reach, where the query needs only the longer of
 * the two. 0 for a query of instant values only.
 */
export function lookbackSeconds(
  query: string,
  rules: ReadonlyMap<string, string>,
  seen: ReadonlySet<string> = new Set(),
): number {
  let text = query.replace(STRING, '""');
  // Each subquery, innermost first, becomes a plain range of its whole reach, for the one around it to add to.
  for (let match = SUBQUERY.exec(text); match; match = SUBQUERY.exec(text)) {
    const start = expressionStart(text, match.index);
    const reach = durationSeconds(match[1]) + lookbackSeconds(text.slice(start, match.index), rules, seen);
    text = `${text.slice(0, start)} [${reach}s] ${text.slice(match.index + match[0].length)}`;
  }
  const longest = (pattern: RegExp) =>
    Math.max(0, ...[...text.matchAll(pattern)].map((found) => durationSeconds(found[1])));
  let ruleReach = 0;
  for (const name of new Set(text.match(NAME))) {
    const rule = rules.get(name);
    if (rule === undefined || seen.has(name)) continue;
    ruleReach = Math.max(ruleReach, lookbackSeconds(rule, rules, new Set([...seen, name])));
  }
  return longest(RANGE) + longest(OFFSET) + ruleReach;
}

/** Where the expression a subquery evaluates starts: `f(...)`, `(...)` or a selector, right before its `[`. */
function expressionStart(text: string, bracket: number): number {
  let at = bracket - 1;
  while (at >= 0 && /\s/.test(text[at])) at--;
  const close = text[at];
  if (close === ')' || close === '}') {
    const open = close === ')' ? '(' : '{';
    for (let depth = 0; at >= 0; at--) {
      if (text[at] === close) depth++;
      else if (text[at] === open && --depth === 0) break;
    }
    at--;
  }
  while (at >= 0 && /[a-zA-Z0-9_:]/.test(text[at])) at--;
  return at + 1;
}

/**
 * How long, in seconds, the query's series have had values, as far back as `windowSeconds`: the
 * oldest of them (a series born later, a first 5xx status say, is new data, not a window still
 * filling). No series in that window at all is no answer.
 */
export function ageQuery(query: string, windowSeconds: number, stepSeconds: number): string {
  const step = Math.max(1, Math.round(stepSeconds * 1000));
  return `time() - min(min_over_time(timestamp(${query})[${Math.ceil(windowSeconds)}s:${step}ms]))`;
}

/** One probe's windows in one group. */
export interface WindowCoverage {
  readonly probe: string;
  readonly group: Group;
  /** How long its series must have had values for its windows to be full: its lookback and a scrape. */
  readonly neededSeconds: number;
  /** How long they have; null when they have none yet. */
  readonly ageSeconds: number | null;
}

export type WindowsDecision =
  | { readonly kind: 'full' }
  | { readonly kind: 'wait'; readonly seconds: number; readonly short: readonly WindowCoverage[] }
  | { readonly kind: 'give-up'; readonly reason: string };

function isShort(coverage: WindowCoverage): boolean {
  return coverage.ageSeconds === null || coverage.ageSeconds < coverage.neededSeconds;
}

/**
 * Whether the windows are full, and if not how long to wait. Series with values keep ageing, so the
 * wait is known: the longest shortfall. Series with none yet may start at any moment: look again
 * after `pollSeconds`. Past `timeoutSeconds` of waiting in all, or as soon as the wait would end
 * past it, give up: injecting on windows not yet full is never the answer.
 */
export function decideWindows(
  coverage: readonly WindowCoverage[],
  {
    waitedSeconds,
    timeoutSeconds,
    pollSeconds,
  }: { waitedSeconds: number; timeoutSeconds: number; pollSeconds: number },
): WindowsDecision {
  const short = coverage.filter(isShort);
  if (short.length === 0) return { kind: 'full' };
  const shortfall = Math.max(...short.map((one) => one.neededSeconds - (one.ageSeconds ?? 0)));
  if (waitedSeconds + shortfall > timeoutSeconds) {
    return {
      kind: 'give-up',
      reason:
        `the probes' windows would not be full within ${timeoutSeconds} s (PROBE_WINDOWS_TIMEOUT_SECONDS): ` +
        short.map(describeShortfall).join('; '),
    };
  }
  const waiting = short.some((one) => one.ageSeconds === null) ? Math.min(pollSeconds, shortfall) : shortfall;
  return { kind: 'wait', seconds: waiting, short };
}

/** `API 5xx ratio in the control group has 12 s of data, needs 62 s` */
function describeShortfall({ probe, group, neededSeconds, ageSeconds }: WindowCoverage): string {
  const has = ageSeconds === null ? 'no data yet' : `${Math.floor(ageSeconds)} s of data`;
  return `${probe} in the ${group} group has ${has}, needs ${neededSeconds} s`;
}
