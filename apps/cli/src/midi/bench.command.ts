import { UsageError, EXIT_OK } from '../usage';
import { generatedFiles, loadFiles } from '../../../../bench/midi/files';
import { collectMidiPaths } from './midi-paths';
import { countInvalid, EXTRACTORS, type Extractor } from '../../../../bench/midi/extractors';
import { humanReport, jsonReport } from '../../../../bench/midi/report';
import { measure, type Measurement, type MeasureStage } from '../../../../bench/midi/timing';
import { BenchProgress, count, elapsed } from '../../../../bench/common/progress';
import { compareWithReference, type Agreement } from '../../../../bench/midi/agreement';
import { parseCommandLine, positiveInteger, positiveSeconds } from '../options';
import { writeLine } from '../output';

const DEFAULT_SECONDS = 2;

/**
 * `scale midi bench [--json] [--seconds S] [--generate N] [DIR|FILE]...`: times the production
 * extractor and two library baselines over the same in-memory files in one run, so the ratios
 * between them hold whatever the machine. Prints a table, or one JSON line with --json.
 */
export async function benchCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals: targets } = parseCommandLine(args, {
    json: { type: 'boolean' },
    seconds: { type: 'string' },
    generate: { type: 'string' },
  });
  const seconds = positiveSeconds('seconds', values.seconds, DEFAULT_SECONDS);
  const generate = values.generate === undefined ? 0 : positiveInteger('generate', values.generate, 0);
  if (targets.length === 0 && generate === 0) throw new UsageError('midi bench needs a DIR or FILE, or --generate N');

  const paths = await collectMidiPaths(targets);
  if (targets.length > 0 && paths.length === 0) throw new UsageError(`no .mid or .midi files in ${targets.join(', ')}`);
  // A Lakh-sized folder takes minutes to load and to check: a live line on stderr, none with --json.
  const progress = new BenchProgress(values.json ? undefined : process.stderr);
  const files = await loadAll(paths, generate, progress);
  let bytes = 0;
  for (const file of files) bytes += file.length;
  const results = EXTRACTORS.map((extractor, index) => timeOne(extractor, index, files, bytes, seconds, progress));
  const run = {
    files: files.length,
    bytes,
    invalid: countInvalid(files),
    results,
    agreement: checkAll(files, progress),
    names: [...paths, ...Array.from({ length: generate }, (_, i) => `generated song ${i}`)],
  };
  const lines = values.json ? [jsonReport(run)] : humanReport(run);
  for (const line of lines) await writeLine(out, line);
  return EXIT_OK;
}

// Every phase below is synchronous or nearly: no timer fires, so the loops themselves draw the live line.

async function loadAll(paths: readonly string[], generate: number, progress: BenchProgress): Promise<Uint8Array[]> {
  let loaded = 0;
  const loading = progress.phase(() => `loading ${count(loaded)} / ${count(paths.length + generate)} files`);
  const onLoaded = (files: number) => {
    loaded = files;
    loading.show();
  };
  try {
    return [
      ...(await loadFiles(paths, onLoaded)),
      ...generatedFiles(generate, (generated) => onLoaded(paths.length + generated)),
    ];
  } finally {
    loading.end();
  }
}

function timeOne(
  extractor: Extractor,
  index: number,
  files: readonly Uint8Array[],
  bytes: number,
  seconds: number,
  progress: BenchProgress,
): Measurement {
  const started = performance.now();
  let stage: MeasureStage = { stage: 'checksum', files: 0 };
  const timing = progress.phase(
    () =>
      `${extractor.name}, ${index + 1} of ${EXTRACTORS.length} · ${stageText(stage, files.length, seconds)} · ${elapsed(started)}`,
  );
  try {
    return measure(extractor, files, bytes, seconds, (now) => {
      stage = now;
      timing.show();
    });
  } finally {
    timing.end();
  }
}

function checkAll(files: readonly Uint8Array[], progress: BenchProgress): Agreement {
  let compared = 0;
  const checking = progress.phase(
    () => `checking against the reference · ${count(compared)} / ${count(files.length)} files`,
  );
  try {
    return compareWithReference(files, (done) => {
      compared = done;
      checking.show();
    });
  } finally {
    checking.end();
  }
}

/** `first pass 120 / 3,000 files`, `warming up`, `timed 1.2 s / 2 s · 26,518 files/s` */
function stageText(stage: MeasureStage, files: number, seconds: number): string {
  switch (stage.stage) {
    case 'checksum':
      return `first pass ${count(stage.files)} / ${count(files)} files`;
    case 'warm-up':
      return 'warming up';
    case 'timed':
      return `timed ${stage.seconds.toFixed(1)} s / ${seconds} s · ${count(Math.round((files * stage.passes) / stage.seconds))} files/s`;
  }
}
