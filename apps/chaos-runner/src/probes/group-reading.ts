import { groupQuery } from '@scale/chaos';
import type { Group } from '../drivers/driver';
import type { InstantSample, PrometheusClient } from './prometheus-client';
import { PrometheusUnreachableError } from './prometheus-errors';

/**
 * One query's value for one group at one moment. `value` is NaN without data; `error` says why
 * Prometheus gave no answer at all (then `unreachable` tells a lost Prometheus from a refused query).
 */
export interface Reading {
  value: number;
  error?: string;
  unreachable?: boolean;
}

export const GROUPS: readonly Group[] = ['control', 'experiment'];

/**
 * A query meant to give one number may give several series (one per zone, say): the largest counts,
 * since latencies, error ratios and ages are worse when larger. No series, or only NaN, is no data.
 */
export function worstOf(samples: readonly InstantSample[]): number {
  const values = samples.map((sample) => sample.value).filter((value) => !Number.isNaN(value));
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

export async function readGroup(client: PrometheusClient, query: string, group: Group, at?: Date): Promise<Reading> {
  try {
    return { value: worstOf(await client.instant(groupQuery(query, group), at)) };
  } catch (error) {
    return {
      value: Number.NaN,
      error: error instanceof Error ? error.message : String(error),
      unreachable: error instanceof PrometheusUnreachableError,
    };
  }
}

export async function readBothGroups(
  client: PrometheusClient,
  query: string,
  at?: Date,
): Promise<Record<Group, Reading>> {
  const [control, experiment] = await Promise.all(GROUPS.map((group) => readGroup(client, query, group, at)));
  return { control, experiment };
}
