import {
  assertExperimentOnly,
  TargetSelectionError,
  type DetectionMoments,
  type ExperimentDocument,
  type Firing,
} from '@scale/chaos';
import type { Logger } from '@scale/telemetry';
import { pause } from '../common/pause';
import type { ClusterDriver } from '../drivers/driver';
import type { FaultKindDefinition, PlannedInjection, ReplicaSnapshot, RevertTarget } from '../faults/fault';
import { faultKind } from '../faults/fault-catalog';
import { AbortWatch } from '../probes/abort-watch';
import { alertFloors, timingsByAlert, type AlertFloor } from '../probes/detection-floor';
import { awaitFullWindows } from '../probes/full-windows';
import type { PrometheusLocator } from '../probes/prometheus-locator';
import { ProbeSampler } from '../probes/probe-sampler';
import { judgeSteadyState } from '../probes/steady-state';
import type { RunnerSettings } from '../settings/runner-settings';
import type { AlertFirings } from './alert-firings';
import { effectMoment, measureDetections } from './detection-evidence';
import type { ExperimentStatus } from './experiment-views';
import type { ExperimentPatch, ExperimentsRepository } from './experiments.repository';
import type { HaltRepository } from '../halt/halt.repository';
import type { IntegrityCheck } from './integrity-check';
import type { ExperimentRow } from './persistence';
import type { ProbeSamples } from './probe-samples';
import type { RevertRecordsRepository } from './revert-records.repository';
import type { RevertService } from './revert.service';
import { detectedAt, judgeVerdict } from './verdict';

export interface RunDependencies {
  experiments: ExperimentsRepository;
  records: RevertRecordsRepository;
  reverts: RevertService;
  halts: HaltRepository;
  driver: ClusterDriver;
  prometheus: PrometheusLocator;
  firings: AlertFirings;
  integrity: IntegrityCheck | null;
  settings: RunnerSettings;
  /** The scrape interval to assume when Prometheus' configuration does not say. */
  fallbackScrapeSeconds: number;
  logger: Logger;
}

/** How often the replicas are looked at while waiting for a fault to show. */
const VERIFY_POLL_MS = 250;

/**
 * One experiment from the steady-state check to the verdict, every step written to its journal:
 * steady state in both groups (refused if either is not) → revert records → injection → verification
 * that the fault took effect → probes every interval for the duration, watching the abort conditions →
 * revert → steady state back (or "not recovered") → detection, integrity and the verdict.
 */
export class ExperimentRun {
  /** Ends the fault window early: an abort, a halt, a breached condition, the runner stopping. */
  private readonly stopping = new AbortController();
  /** Ends the waits after the revert too, when the runner is on its way out. */
  private readonly hurrying = new AbortController();
  private stopReason: string | null = null;
  private readonly fault: FaultKindDefinition;
  private readonly document: ExperimentDocument;
  private readonly injected: Array<{ recordId: string; target: RevertTarget }> = [];
  private readonly samples: ProbeSamples = {};
  private readonly startedAt = new Date();
  private injectedAt: Date | null = null;
  private recoveredAt: Date | null = null;
  /** When the fault took effect (effectMoment). */
  private effectAt: Date | null = null;
  private floors: AlertFloor[] = [];
  private readonly log: Logger;

  constructor(
    private readonly row: ExperimentRow,
    private readonly plan: readonly PlannedInjection[],
    private readonly deps: RunDependencies,
  ) {
    this.document = row.document;
    this.fault = faultKind(row.faultKind);
    this.log = deps.logger.child({ experiment: row.id, fault: row.faultKind });
    for (const probe of this.document.steadyState.probes) this.samples[probe.name] = { control: [], experiment: [] };
  }

  get id(): string {
    return this.row.id;
  }

  /**
   * Asks the run to stop: it reverts what it injected and ends as aborted, after waiting for steady
   * state to come back unless `hurry` (the runner is stopping and has seconds, not minutes).
   */
  stop(reason: string, { hurry = false }: { hurry?: boolean } = {}): void {
    this.stopReason ??= reason;
    this.stopping.abort();
    if (hurry) this.hurrying.abort();
  }

  /** Runs to the end; never rejects (a failure ends the run as failed, its faults reverted). */
  async execute(): Promise<void> {
    try {
      await this.lifecycle();
    } catch (error) {
      await this.fail(error).catch((failure: unknown) =>
        this.log.error({ err: failure }, 'could not record the failure of the experiment'),
      );
    }
  }

  private async lifecycle(): Promise<void> {
    const { experiments } = this.deps;
    await this.status('checking-steady-state', { startedAt: this.startedAt });

    let sampler: ProbeSampler;
    try {
      sampler = new ProbeSampler(await this.deps.prometheus.get(), this.document);
    } catch (error) {
      return this.finish('refused', { abortReason: `not in steady state: ${message(error)}` });
    }
    // A group that has just started has not filled its probes' windows: a rate over half a window is no steady state.
    const windows = await awaitFullWindows(await this.deps.prometheus.get(), this.document, {
      timeoutSeconds: this.deps.settings.PROBE_WINDOWS_TIMEOUT_SECONDS,
      pollSeconds: this.deps.settings.PROBE_INTERVAL_SECONDS,
      fallbackScrapeSeconds: this.deps.fallbackScrapeSeconds,
      signal: this.stopping.signal,
      journal: (step, detail) => experiments.journal(this.id, step, detail),
    });
    if (this.stopReason) return this.finish('aborted', { abortReason: this.stopReason });
    if (!windows.full) return this.finish('refused', { abortReason: `not in steady state: ${windows.reason}` });
    const steady = await sampler.steadyState({ abortConditions: true });
    const floors = await alertFloors(
      await this.deps.prometheus.get(),
      this.document.expectedAlerts,
      this.deps.fallbackScrapeSeconds,
      this.deps.settings.PROMETHEUS_TIMEOUT_SECONDS * 1000,
    ).catch((error: unknown) => {
      steady.reasons.push(`the expected alerts' rules could not be read: ${message(error)}`);
      return [];
    });
    for (const floor of floors) {
      if (floor.floorSeconds === null) {
        steady.reasons.push(`expected alert ${floor.alertname}: Prometheus has no alerting rule of that name`);
      }
    }
    this.floors = floors;
    const ready = steady.steady && steady.reasons.length === 0;
    await experiments.journal(this.id, 'steady-state-checked', {
      steady: ready,
      probes: steady.probes,
      reasons: steady.reasons,
      detectionFloors: floors,
    });
    if (!ready) return this.finish('refused', { abortReason: `not in steady state: ${steady.reasons.join('; ')}` });
    if (this.stopReason) return this.finish('aborted', { abortReason: this.stopReason });

    if (this.document.dryRun) {
      await experiments.journal(this.id, 'dry-run', {
        targets: this.row.targets,
        note: 'targets resolved and probes run; no fault injected',
      });
      await this.status('running');
      await this.observe(sampler, new Date(), { watchRecovery: false });
      await this.status('verifying');
      return this.conclude({ recovered: true, recoveredAt: null });
    }

    await this.status('injecting');
    if (await this.deps.halts.current()) {
      return this.finish('aborted', { abortReason: 'the runner was halted before the injection' });
    }
    let before: ReplicaSnapshot;
    try {
      before = await this.recheckTargets();
    } catch (error) {
      if (error instanceof TargetSelectionError) return this.finish('refused', { abortReason: error.message });
      throw error;
    }
    for (const injection of this.plan) {
      const record = await this.deps.records.open(this.id, this.row.faultKind, injection.revert);
      this.injected.push({ recordId: record.id, target: injection.revert });
      await experiments.journal(this.id, 'revert-record-written', { record: record.id, target: injection.revert });
    }
    if (this.stopReason) {
      await this.revertInjected('the run, aborted before the injection');
      return this.finish('aborted', { abortReason: this.stopReason });
    }

    this.injectedAt = new Date();
    await this.inject();
    await experiments.update(this.id, { injectedAt: this.injectedAt });

    const missing = await this.verifyInjection(before);
    if (missing) {
      await experiments.journal(this.id, 'verification-failed', { missing });
      await this.revertInjected('the run, after the fault did not take effect');
      return this.finish('failed', {
        abortReason: `the fault did not take effect within ${this.deps.settings.FAULT_VERIFY_TIMEOUT_SECONDS} s: ${missing}`,
      });
    }
    await experiments.journal(this.id, 'verified', { targets: this.row.targets, effectAt: this.effectAt });

    await this.status('running');
    await this.observe(sampler, this.injectedAt, { watchRecovery: this.fault.selfHealing });

    await this.status('reverting');
    const unreverted = await this.revertInjected('the run, at its end');
    if (unreverted > 0) {
      return this.finish('failed', {
        abortReason: `${unreverted} fault(s) could not be reverted; the runner keeps trying (see the journal)`,
      });
    }
    const revertedAt = new Date();
    await this.status('verifying');
    const recovered = this.recoveredAt !== null || (await this.awaitRecovery(sampler, revertedAt));
    return this.conclude({ recovered, recoveredAt: this.recoveredAt });
  }

  /** The planned targets as the cluster has them now: still there, still running, still in the experiment group. */
  private async recheckTargets(): Promise<ReplicaSnapshot> {
    const replicas = await this.deps.driver.replicas();
    const targets = this.plan
      .flatMap((injection) => injection.replicaIds)
      .map((id) => {
        const replica = replicas.find((candidate) => candidate.id === id);
        if (!replica) throw new TargetSelectionError(`target ${id} is no longer in the cluster`);
        return replica;
      });
    assertExperimentOnly(targets);
    for (const injection of this.plan) await this.fault.confirm?.(injection, this.deps.driver);
    const notRunning = targets.filter((target) => target.state !== 'running');
    if (notRunning.length > 0) {
      throw new TargetSelectionError(
        `not injecting into replicas that are not running: ${notRunning.map((target) => `${target.id} (${target.state})`).join(', ')}`,
      );
    }
    await this.deps.experiments.journal(this.id, 'targets-checked', {
      targets: targets.map(({ id, group, zone, pids, state }) => ({ id, group, zone, pids, state })),
    });
    return new Map(targets.map((target) => [target.id, target]));
  }

  private async inject(): Promise<void> {
    const context = {
      driver: this.deps.driver,
      document: this.document,
      graceSeconds: this.deps.settings.CPU_HOG_GRACE_SECONDS,
    };
    for (const [index, injection] of this.plan.entries()) {
      const target = await this.fault.inject(injection, context);
      this.injected[index].target = target;
      if (JSON.stringify(target) !== JSON.stringify(injection.revert)) {
        await this.deps.records.updateTarget(this.injected[index].recordId, target);
      }
      await this.deps.experiments.journal(this.id, 'injected', { replicas: injection.replicaIds, target });
      this.log.info({ replicas: injection.replicaIds, target }, `${this.row.faultKind} injected`);
    }
  }

  /** Null once every injection shows in the cluster; what is still missing when the time is up. */
  private async verifyInjection(before: ReplicaSnapshot): Promise<string | null> {
    const deadline = Date.now() + this.deps.settings.FAULT_VERIFY_TIMEOUT_SECONDS * 1000;
    for (;;) {
      const replicas = await this.deps.driver.replicas();
      const missing = this.plan
        .map((injection) => this.fault.check(injection, before, replicas))
        .filter((problem): problem is string => problem !== null);
      if (missing.length === 0) {
        const targets = this.plan.flatMap((injection) => injection.replicaIds);
        this.effectAt = effectMoment(targets, replicas, this.injectedAt ?? new Date(), new Date());
        return null;
      }
      if (Date.now() >= deadline) return missing.join('; ');
      await pause(VERIFY_POLL_MS);
    }
  }

  /**
   * Samples every probe interval until the duration is over or the run is stopped. With
   * `watchRecovery` (a fault the cluster heals by itself), also notes when steady state is back.
   */
  private async observe(
    sampler: ProbeSampler,
    from: Date,
    { watchRecovery }: { watchRecovery: boolean },
  ): Promise<void> {
    const end = from.getTime() + this.document.durationSeconds * 1000;
    const intervalMs = this.deps.settings.PROBE_INTERVAL_SECONDS * 1000;
    const watch = new AbortWatch(this.document.abortConditions);
    let rounds = 0;
    while (!this.stopping.signal.aborted && Date.now() < end) {
      const round = await sampler.round();
      rounds++;
      const at = round.at.getTime() / 1000;
      for (const [name, readings] of round.probes) {
        this.samples[name].control.push([at, readings.control.value]);
        this.samples[name].experiment.push([at, readings.experiment.value]);
      }
      if (
        watchRecovery &&
        !this.recoveredAt &&
        judgeSteadyState(this.document.steadyState.probes, round.probes).steady &&
        (await this.targetsDown()).length === 0
      ) {
        await this.recovered(round.at);
      }
      const breach = watch.observe(round.abortConditions);
      if (breach) {
        await this.deps.experiments.journal(this.id, 'abort-condition-breached', { reason: breach });
        this.stop(breach);
        break;
      }
      await pause(Math.min(round.at.getTime() + intervalMs, end) - Date.now(), this.stopping.signal);
    }
    await this.deps.experiments.update(this.id, { samples: this.samples });
    await this.deps.experiments.journal(this.id, 'observed', { rounds, stoppedEarly: this.stopReason });
  }

  /** Reverts this run's injections from what it holds (a hog's id may be newer than its record). Returns how many failed. */
  private async revertInjected(by: string): Promise<number> {
    let failed = 0;
    for (const { recordId, target } of this.injected) {
      const reverted = await this.deps.reverts.revert(
        { id: recordId, experimentId: this.id, faultKind: this.row.faultKind, target },
        by,
      );
      if (!reverted) failed++;
    }
    return failed;
  }

  /** Steady state back in both groups and every target running again, or "not recovered" after the timeout. */
  private async awaitRecovery(sampler: ProbeSampler, revertedAt: Date): Promise<boolean> {
    const deadline = revertedAt.getTime() + this.deps.settings.RECOVERY_TIMEOUT_SECONDS * 1000;
    for (;;) {
      const check = await sampler.steadyState({ abortConditions: false });
      const down = await this.targetsDown();
      if (check.steady && down.length === 0) {
        await this.recovered(new Date());
        return true;
      }
      if (Date.now() >= deadline || this.hurrying.signal.aborted) {
        await this.deps.experiments.journal(this.id, 'not-recovered', {
          reasons: [...check.reasons, ...down],
          gaveUp: this.hurrying.signal.aborted
            ? 'the runner is stopping'
            : `after ${this.deps.settings.RECOVERY_TIMEOUT_SECONDS} s`,
        });
        return false;
      }
      await pause(
        Math.min(this.deps.settings.PROBE_INTERVAL_SECONDS * 1000, deadline - Date.now()),
        this.hurrying.signal,
      );
    }
  }

  /** The targets not running (again), described; the cluster not answering counts as not running. */
  private async targetsDown(): Promise<string[]> {
    const targets = this.plan.flatMap((injection) => injection.replicaIds);
    try {
      const replicas = await this.deps.driver.replicas();
      return targets
        .filter((id) => replicas.find((replica) => replica.id === id)?.state !== 'running')
        .map((id) => `${id} is not running`);
    } catch (error) {
      return [`the cluster did not say whether the targets run again: ${message(error)}`];
    }
  }

  private async recovered(at: Date): Promise<void> {
    this.recoveredAt = at;
    await this.deps.experiments.update(this.id, { recoveredAt: at });
    await this.deps.experiments.journal(this.id, 'recovered', {
      secondsAfterInjection: this.injectedAt ? (at.getTime() - this.injectedAt.getTime()) / 1000 : null,
    });
  }

  /** Waits for detection and the detecting alerts' resolution (within their deadlines), checks integrity, judges. */
  private async conclude({ recovered, recoveredAt }: { recovered: boolean; recoveredAt: Date | null }): Promise<void> {
    await this.awaitAlerts();
    const integrity = await this.checkIntegrity();
    const endedAt = new Date();
    const firings = await this.deps.firings.within(this.startedAt, endedAt).catch(async (error: unknown) => {
      await this.deps.experiments.journal(this.id, 'ledger-unavailable', { error: message(error) });
      return [] as Firing[];
    });
    const observed = Object.values(this.samples).some(
      (groups) => groups.control.length > 0 || groups.experiment.length > 0,
    );
    const moments = await this.measureDetections(firings);
    const verdict = judgeVerdict({
      document: this.document,
      samples: this.samples,
      observed,
      injectedAt: this.injectedAt,
      window: { from: this.startedAt, to: endedAt },
      recovered,
      recoveredAt,
      firings,
      timings: timingsByAlert(this.floors),
      moments,
      integrity,
    });
    const detected = detectedAt(this.injectedAt, verdict);
    await this.deps.experiments.journal(this.id, 'verdict', {
      hypothesis: verdict.hypothesis,
      recovered: verdict.recovered,
      falseAlarms: verdict.falseAlarms,
      detection: verdict.detection,
    });
    const status: ExperimentStatus = this.stopReason ? 'aborted' : 'completed';
    await this.finish(status, { verdict, detectedAt: detected, recoveredAt, abortReason: this.stopReason, endedAt });
  }

  /**
   * When each expected alert's detection went through its parts, from Prometheus' record of the scrapes
   * and the alert's states, journalled with the moments themselves. Prometheus not answering leaves the
   * parts unknown, not the verdict.
   */
  private async measureDetections(firings: readonly Firing[]): Promise<Map<string, DetectionMoments>> {
    if (!this.injectedAt || this.document.expectedAlerts.length === 0) return new Map();
    try {
      const { moments, failures } = await measureDetections(await this.deps.prometheus.get(), {
        kind: this.document.fault.kind,
        replicaIds: this.plan.flatMap((injection) => injection.replicaIds),
        injectedAt: this.injectedAt,
        effectAt: this.effectAt,
        firings,
        alertnames: this.document.expectedAlerts.map((alert) => alert.alertname),
        scrapeIntervalSeconds:
          this.floors.find((floor) => floor.timings)?.timings?.scrapeIntervalSeconds ?? this.deps.fallbackScrapeSeconds,
      });
      await this.deps.experiments.journal(this.id, 'detection-measured', {
        moments: Object.fromEntries(moments),
        ...(Object.keys(failures).length > 0 ? { failures } : {}),
      });
      return moments;
    } catch (error) {
      await this.deps.experiments.journal(this.id, 'detection-not-measured', { error: message(error) });
      return new Map();
    }
  }

  /**
   * The expected alerts may fire after the fault window (their deadline counts from the injection), and
   * their MTTR needs them resolved: wait for both, within the deadlines and the resolution timeout.
   */
  private async awaitAlerts(): Promise<void> {
    const injectedAt = this.injectedAt;
    const expected = this.document.expectedAlerts;
    if (!injectedAt || expected.length === 0) return;
    const detectionDeadline = injectedAt.getTime() + Math.max(...expected.map((alert) => alert.withinSeconds)) * 1000;
    const resolutionDeadline = Date.now() + this.deps.settings.ALERT_RESOLUTION_TIMEOUT_SECONDS * 1000;
    const names = new Set(expected.map((alert) => alert.alertname));
    while (!this.hurrying.signal.aborted) {
      const firings = await this.deps.firings.within(injectedAt, new Date()).catch(() => null);
      const caused = (firings ?? []).filter(
        (firing) => firing.group === 'experiment' && names.has(firing.alertname) && firing.startsAt >= injectedAt,
      );
      const allDetected = [...names].every((name) => caused.some((firing) => firing.alertname === name));
      const allResolved = caused.every((firing) => firing.endsAt !== null);
      if ((allDetected || Date.now() >= detectionDeadline) && (allResolved || Date.now() >= resolutionDeadline)) return;
      if (Date.now() >= Math.max(detectionDeadline, resolutionDeadline)) return;
      await pause(this.deps.settings.PROBE_INTERVAL_SECONDS * 1000, this.hurrying.signal);
    }
  }

  private async checkIntegrity(): Promise<unknown> {
    if (!this.deps.integrity || this.hurrying.signal.aborted) return null;
    try {
      const result = await this.deps.integrity.check({
        timeoutMs: this.deps.settings.INTEGRITY_TIMEOUT_SECONDS * 1000,
      });
      await this.deps.experiments.journal(this.id, 'integrity-checked', { result });
      return result;
    } catch (error) {
      await this.deps.experiments.journal(this.id, 'integrity-check-failed', { error: message(error) });
      return { error: message(error) };
    }
  }

  private async status(status: ExperimentStatus, patch: ExperimentPatch = {}): Promise<void> {
    await this.deps.experiments.update(this.id, { ...patch, status });
    await this.deps.experiments.journal(this.id, status);
    this.log.info(`experiment ${status}`);
  }

  private async finish(status: ExperimentStatus, patch: ExperimentPatch = {}): Promise<void> {
    const endedAt = patch.endedAt ?? new Date();
    await this.deps.experiments.update(this.id, { ...patch, status, endedAt });
    await this.deps.experiments.journal(this.id, status, patch.abortReason ? { reason: patch.abortReason } : {});
    this.log.info({ reason: patch.abortReason }, `experiment ${status}`);
  }

  private async fail(error: unknown): Promise<void> {
    this.log.error({ err: error }, `experiment failed: ${message(error)}`);
    await this.deps.experiments.journal(this.id, 'error', { error: message(error) });
    const unreverted = this.injected.length > 0 ? await this.revertInjected('the run, after it failed') : 0;
    const suffix = unreverted > 0 ? `; ${unreverted} fault(s) could not be reverted, the runner keeps trying` : '';
    await this.finish('failed', { abortReason: `${message(error)}${suffix}` });
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
