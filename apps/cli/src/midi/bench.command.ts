import { UsageError, EXIT_OK } from '../usage';
import { generatedFiles, loadFiles } from '../../../../bench/midi/files';
import { collectMidiPaths } from './midi-paths';
import { countInvalid, EXTRACTORS } from '../../../../bench/midi/extractors';
import { humanReport, jsonReport } from '../../../../bench/midi/report';
import { measure } from '../../../../bench/midi/timing';
import { compareWithReference } from '../../../../bench/midi/agreement';
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
  const files = [...(await loadFiles(paths)), ...generatedFiles(generate)];
  let bytes = 0;
  for (const file of files) bytes += file.length;

  const results = EXTRACTORS.map((extractor) => measure(extractor, files, bytes, seconds));
  const names = [...paths, ...Array.from({ length: generate }, (_, i) => `generated song ${i}`)];
  const run = {
    files: files.length,
    bytes,
    invalid: countInvalid(files),
    results,
    agreement: compareWithReference(files),
    names,
  };
  const lines = values.json ? [jsonReport(run)] : humanReport(run);
  for (const line of lines) await writeLine(out, line);
  return EXIT_OK;
}
