import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '@scale/embedded-servers';
import type { ExplanationWindow } from '../../apps/chaos-runner/src/ledger/explanation-windows';
import { ledgerMetricFamilies } from '../../apps/chaos-runner/src/ledger/ledger-metric-families';
import { LedgerRepository } from '../../apps/chaos-runner/src/ledger/ledger.repository';
import { backfillLedgerRollups } from '../../apps/chaos-runner/src/ledger/rollups/rollup-backfill';
import { RollupsRepository } from '../../apps/chaos-runner/src/ledger/rollups/rollups.repository';
import { createRunnerDataSource, migrateRunner } from '../../apps/chaos-runner/src/persistence/runner-data-source';
import { generateLedger } from './generated-ledger';

/*
 * What a scrape of the alert ledger's metrics costs at 1,000 and at 1,000,000 occurrences over a year,
 * read from the roll-ups, beside the full-ledger read they replace. Each size in a database of its
 * own on one embedded Postgres; the roll-ups filled by the migration's back-fill, then kept by real
 * webhook writes. A measurement, not a test: it exits 0 whatever the figures.
 */

const SIZES = (process.argv.find((arg) => arg.startsWith('--sizes='))?.slice(8) ?? '1000,1000000')
  .split(',')
  .map(Number);
const SCRAPES = 25;
const FULL_READS = 1;
const NOISE_SECONDS = 300;
const ONCALL_SECONDS = 28 * 86_400;
const NOW = new Date();
const DAY = 86_400_000;

/** One ten-minute experiment a day over the year, on the experiment group: what the noise is matched against. */
const WINDOWS: ExplanationWindow[] = Array.from({ length: 365 }, (_, day) => {
  const from = new Date(NOW.getTime() - (day + 1) * DAY + 13 * 3_600_000);
  return { from, to: new Date(from.getTime() + 600_000), group: 'experiment' };
});

interface SizeFigures {
  alerts: number;
  generateSeconds: number;
  backfillSeconds: number;
  incidents: number;
  /** Median of SCRAPES scrapes, ms: without windows, and with the year's windows. */
  scrapeMs: number;
  scrapeWithWindowsMs: number;
  /** The same, right after a change to the settled past (a late write): every window counted again, ms. */
  recountWithWindowsMs: number;
  /** Median of FULL_READS full-ledger computations (every row read and merged in the process), ms. */
  fullReadMs: number | null;
  /** A webhook write (one firing notification, then its resolution) on the full ledger, ms. */
  writeMs: number;
}

async function measureSize(adminUrl: string, size: number): Promise<SizeFigures> {
  const name = `ledger_${size}`;
  const admin = new pg.Client(adminUrl);
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = createRunnerDataSource(url.toString(), { poolSize: 2, applicationName: 'scale-ledger-bench' });
  await dataSource.initialize();
  try {
    await migrateRunner(dataSource);
    // On a connection of its own: the runner's connections end a statement after 30 s.
    const bulk = new pg.Client(url.toString());
    await bulk.connect();
    let started = performance.now();
    await generateLedger(bulk, size, NOW);
    const generateSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    // The migration's back-fill, on rows written before the roll-ups existed.
    await bulk.query(`delete from ledger_noise_state`);
    await backfillLedgerRollups(bulk, NOISE_SECONDS);
    const backfillSeconds = (performance.now() - started) / 1000;
    await bulk.query(`vacuum analyze`);
    await bulk.end();

    const rollups = new RollupsRepository(dataSource);
    const ledger = new LedgerRepository(dataSource);
    const scrape =
      (windows: ExplanationWindow[], repository = rollups) =>
      () =>
        repository.families({
          now: new Date(),
          noiseSeconds: NOISE_SECONDS,
          oncallWindowSeconds: ONCALL_SECONDS,
          windows: async (from) => windows.filter((window) => window.to >= from),
        });
    const scrapeMs = await median(SCRAPES, scrape([]));
    const scrapeWithWindowsMs = await median(SCRAPES, scrape(WINDOWS));
    // A repository of its own each time keeps nothing between scrapes: the cost of the first scrape
    // after a late write, a new window or a new noise time.
    const recountWithWindowsMs = await median(SCRAPES, () => scrape(WINDOWS, new RollupsRepository(dataSource))());
    // The read the roll-ups replace; past the runner's 30 s statement timeout it cannot finish at all.
    const fullReadMs = await median(FULL_READS, async () =>
      ledgerMetricFamilies(await ledger.allSpans(), {
        now: new Date(),
        noiseSeconds: NOISE_SECONDS,
        windows: WINDOWS,
        oncallWindowSeconds: ONCALL_SECONDS,
      }),
    ).catch(() => null);
    const writeMs = await median(5, async () => {
      const startsAt = new Date(Date.now() - 60_000);
      const occurrence = {
        fingerprint: `bench-${startsAt.getTime()}-${Math.random()}`,
        alertname: 'TargetDown',
        service: 'scale-api',
        group: 'experiment',
        zone: 'a',
        instance: null,
        severity: 'high',
        sev: 'SEV2' as const,
        startsAt,
        endsAt: null,
        status: 'firing' as const,
        labels: {},
        annotations: {},
        generatorUrl: null,
      };
      await ledger.record([occurrence]);
      await ledger.record([{ ...occurrence, endsAt: new Date(), status: 'resolved' }]);
    });
    const [{ incidents }] = (await dataSource.query(`select count(*)::int incidents from ledger_incidents`)) as Array<{
      incidents: number;
    }>;
    return {
      alerts: size,
      generateSeconds,
      backfillSeconds,
      incidents,
      scrapeMs,
      scrapeWithWindowsMs,
      recountWithWindowsMs,
      fullReadMs,
      writeMs,
    };
  } finally {
    await dataSource.destroy();
  }
}

/** The median time of `runs` runs after one unmeasured warm-up, ms. */
async function median(runs: number, run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function report(figures: readonly SizeFigures[]): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows: Array<[string, (f: SizeFigures) => string]> = [
    ['alerts in the ledger', (f) => f.alerts.toLocaleString('en')],
    ['incidents (merged)', (f) => f.incidents.toLocaleString('en')],
    ['generate (INSERT … SELECT)', (f) => `${f.generateSeconds.toFixed(1)} s`],
    ['back-fill of the roll-ups', (f) => `${f.backfillSeconds.toFixed(1)} s`],
    ['scrape, median (roll-ups)', (f) => ms(f.scrapeMs)],
    ['scrape with 365 windows, median', (f) => ms(f.scrapeWithWindowsMs)],
    ['  after a change to the past, median', (f) => ms(f.recountWithWindowsMs)],
    ['full-ledger read, median (before)', (f) => (f.fullReadMs === null ? 'timed out' : ms(f.fullReadMs))],
    ['webhook fire + resolve, median', (f) => ms(f.writeMs)],
  ];
  const first = figures[0];
  const last = figures.at(-1)!;
  const ratio = (pick: (f: SizeFigures) => number | null) => {
    const [a, b] = [pick(first), pick(last)];
    return a === null || b === null ? '' : `×${(b / a).toFixed(2)}`;
  };
  const ratios: Record<string, string> = {
    'scrape, median (roll-ups)': ratio((f) => f.scrapeMs),
    'scrape with 365 windows, median': ratio((f) => f.scrapeWithWindowsMs),
    '  after a change to the past, median': ratio((f) => f.recountWithWindowsMs),
    'full-ledger read, median (before)': ratio((f) => f.fullReadMs),
    'webhook fire + resolve, median': ratio((f) => f.writeMs),
  };
  const lines = rows.map(([label, value]) =>
    [label.padEnd(36), ...figures.map((f) => value(f).padStart(14)), (ratios[label] ?? '').padStart(10)].join(' '),
  );
  const header = [
    '',
    ...figures.map((f) => `${f.alerts.toLocaleString('en')} alerts`.padStart(14)),
    'ratio'.padStart(10),
  ];
  return [
    `alert ledger metrics: scrape cost against ledger size (${SCRAPES} scrapes each)`,
    header.join(' '),
    ...lines,
  ].join('\n');
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'scale-ledger-bench-'));
  // As root, Postgres runs as the OS user `postgres`, which must get into its folder.
  await chmod(dataDir, 0o755);
  const postgres = await startEmbeddedPostgres({ dataDir });
  const stop = async () => {
    await postgres.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void stop().then(() => process.exit(130)));
  try {
    const figures: SizeFigures[] = [];
    for (const size of SIZES) {
      process.stderr.write(`measuring ${size.toLocaleString('en')} alerts\n`);
      figures.push(await measureSize(postgres.url, size));
    }
    process.stdout.write(`${report(figures)}\n`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench:ledger failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
