import { evaluateTolerance, type AbortCondition, type ExperimentProbe } from '@scale/chaos';
import type { Group } from '../drivers/driver';
import type { Reading } from './group-reading';

export interface ProbeCheck {
  name: string;
  control: number | null;
  experiment: number | null;
  holds: boolean;
  limit: string;
}

export interface SteadyStateCheck {
  steady: boolean;
  probes: ProbeCheck[];
  /** Why it is not steady, one line per problem, for the journal and the refusal. */
  reasons: string[];
}

const shown = (value: number) => (Number.isNaN(value) ? null : value);

/**
 * Whether both groups are in steady state: every probe within its tolerance in the experiment group,
 * and, for absolute tolerances, in the control group too (a relative tolerance compares the experiment
 * group with the control group, so the control group holds it by definition). No data or no answer
 * from Prometheus is never steady.
 */
export function judgeSteadyState(
  probes: readonly ExperimentProbe[],
  readings: ReadonlyMap<string, Record<Group, Reading>>,
): SteadyStateCheck {
  const reasons: string[] = [];
  const checks = probes.map((probe): ProbeCheck => {
    const reading = readings.get(probe.name);
    if (!reading) throw new Error(`no reading for probe ${probe.name}`);
    const { control, experiment } = reading;
    for (const [group, groupReading] of Object.entries(reading) as Array<[Group, Reading]>) {
      if (groupReading.error) reasons.push(`${probe.name} in the ${group} group: ${groupReading.error}`);
      else if (Number.isNaN(groupReading.value)) reasons.push(`${probe.name} in the ${group} group: no data`);
    }
    const inExperiment = evaluateTolerance(probe.tolerance, experiment.value, control.value);
    let holds = inExperiment.holds;
    if (!inExperiment.holds && !Number.isNaN(experiment.value) && !Number.isNaN(control.value)) {
      reasons.push(`${probe.name} in the experiment group: ${shown(experiment.value)} is not ${inExperiment.limit}`);
    }
    if (probe.tolerance.type === 'absolute') {
      const inControl = evaluateTolerance(probe.tolerance, control.value, control.value);
      if (!inControl.holds && !Number.isNaN(control.value)) {
        reasons.push(`${probe.name} in the control group: ${control.value} is not ${inControl.limit}`);
      }
      holds &&= inControl.holds;
    }
    return {
      name: probe.name,
      control: shown(control.value),
      experiment: shown(experiment.value),
      holds,
      limit: inExperiment.limit,
    };
  });
  return { steady: checks.every((check) => check.holds) && reasons.length === 0, probes: checks, reasons };
}

/**
 * Whether the abort conditions can be watched at all, and are quiet, before anything is injected: a
 * query Prometheus refuses or that has no data would abort the run at its first samples anyway.
 */
export function judgeAbortConditions(
  conditions: readonly AbortCondition[],
  readings: ReadonlyMap<string, Reading>,
): string[] {
  return conditions.flatMap((condition) => {
    const reading = readings.get(condition.name);
    if (!reading) throw new Error(`no reading for abort condition ${condition.name}`);
    if (reading.error) return [`abort condition ${condition.name}: ${reading.error}`];
    if (Number.isNaN(reading.value)) {
      return [
        `abort condition ${condition.name}: no data in the experiment group (a query that is empty when all is well needs "or vector(0)")`,
      ];
    }
    if (reading.value > condition.max) {
      return [`abort condition ${condition.name} is already breached: ${reading.value} > ${condition.max}`];
    }
    return [];
  });
}
