import { Counter, Histogram, type Registry } from 'prom-client';
import { REQUEST_SECONDS_BUCKETS } from '@scale/telemetry';
import { REQUEST_KINDS, type RequestKind } from './request-plan';
import { REQUEST_OUTCOMES, type RequestOutcome } from './request-outcome';

export type TrafficGroup = 'control' | 'experiment';
export const TRAFFIC_GROUPS: readonly TrafficGroup[] = ['control', 'experiment'];

export interface GroupTrafficStats {
  /** Requests sent to this group (the same sequence as the other group's). */
  readonly sent: number;
  /** Sent and not answered yet. */
  readonly inFlight: number;
  /** Answered or failed, by outcome; with inFlight they add up to sent. */
  readonly outcomes: Readonly<Record<RequestOutcome, number>>;
  readonly kinds: Readonly<Record<RequestKind, number>>;
}

export interface TrafficStats {
  readonly startedAt: string;
  /** Arrivals of the schedule so far: sent to both groups, or skipped. */
  readonly arrivals: number;
  /** Arrivals dropped because this process fell behind its own schedule (see arrivalsDue). */
  readonly skipped: number;
  /** Songs known to both groups, that song and similar requests pick from. */
  readonly knownSongs: number;
  readonly groups: Readonly<Record<TrafficGroup, GroupTrafficStats>>;
  readonly objects: { readonly added: number; readonly failed: number; readonly skipped: number };
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

interface GroupCounts {
  sent: number;
  inFlight: number;
  outcomes: Record<RequestOutcome, number>;
  kinds: Record<RequestKind, number>;
}

/**
 * The generator's counts, kept here for stats() and, when a registry is given, as Prometheus
 * series on the cluster's /metrics (the group label names the group loaded, not this process's).
 */
export class TrafficMeter {
  arrivals = 0;
  skipped = 0;
  knownSongs = 0;
  private readonly groups: Record<TrafficGroup, GroupCounts> = {
    control: { sent: 0, inFlight: 0, outcomes: zeros(REQUEST_OUTCOMES), kinds: zeros(REQUEST_KINDS) },
    experiment: { sent: 0, inFlight: 0, outcomes: zeros(REQUEST_OUTCOMES), kinds: zeros(REQUEST_KINDS) },
  };
  private readonly objects = { added: 0, failed: 0, skipped: 0 };
  private readonly requests?: Counter<'target_group' | 'kind' | 'outcome'>;
  private readonly durations?: Histogram<'target_group' | 'kind'>;
  private readonly objectsAdded?: Counter;
  private readonly objectErrors?: Counter;

  constructor(
    private readonly startedAt: Date,
    registry?: Registry,
  ) {
    if (!registry) return;
    const registers = [registry];
    // The group loaded is `target_group`: `group` is the generator's own (the cluster's) on every
    // series it exposes, and Prometheus keeps the target's.
    this.requests = new Counter({
      name: 'scale_traffic_requests_total',
      help: 'API requests sent by the traffic generator, by group loaded, request kind and outcome (error: no answer within the timeout, or no replica running).',
      labelNames: ['target_group', 'kind', 'outcome'],
      registers,
    });
    this.durations = new Histogram({
      name: 'scale_traffic_request_duration_seconds',
      help: 'Duration of the traffic generator requests that reached a replica, as the client saw it, by group loaded and request kind.',
      labelNames: ['target_group', 'kind'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers,
    });
    this.objectsAdded = new Counter({
      name: 'scale_traffic_objects_total',
      help: 'New MIDI objects the traffic generator put into the shared bucket.',
      registers,
    });
    this.objectErrors = new Counter({
      name: 'scale_traffic_object_errors_total',
      help: 'New MIDI objects the traffic generator failed to put, or skipped because earlier puts were still running.',
      registers,
    });
    // Every series exists from the start, so rate() and absent() see zeros, not gaps.
    for (const group of TRAFFIC_GROUPS) {
      for (const kind of REQUEST_KINDS) {
        for (const outcome of REQUEST_OUTCOMES) this.requests.inc({ target_group: group, kind, outcome }, 0);
      }
    }
    this.objectsAdded.inc(0);
    this.objectErrors.inc(0);
  }

  sent(group: TrafficGroup, kind: RequestKind): void {
    const counts = this.groups[group];
    counts.sent++;
    counts.inFlight++;
    counts.kinds[kind]++;
  }

  /** A request sent with `sent` ended; `seconds` is null when it never reached a replica. */
  ended(group: TrafficGroup, kind: RequestKind, outcome: RequestOutcome, seconds: number | null): void {
    const counts = this.groups[group];
    counts.inFlight--;
    counts.outcomes[outcome]++;
    this.requests?.inc({ target_group: group, kind, outcome });
    if (seconds !== null) this.durations?.observe({ target_group: group, kind }, seconds);
  }

  object(result: 'added' | 'failed' | 'skipped'): void {
    this.objects[result]++;
    if (result === 'added') this.objectsAdded?.inc();
    else this.objectErrors?.inc();
  }

  stats(): TrafficStats {
    const group = (counts: GroupCounts): GroupTrafficStats => ({
      ...counts,
      outcomes: { ...counts.outcomes },
      kinds: { ...counts.kinds },
    });
    return {
      startedAt: this.startedAt.toISOString(),
      arrivals: this.arrivals,
      skipped: this.skipped,
      knownSongs: this.knownSongs,
      groups: { control: group(this.groups.control), experiment: group(this.groups.experiment) },
      objects: { ...this.objects },
    };
  }
}
