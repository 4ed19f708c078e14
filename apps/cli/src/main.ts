import 'reflect-metadata';
import { ConfigError } from '@scale/config';
import { inspectCommand } from './midi/inspect.command';
import { benchCommand } from './midi/bench.command';
import { MIDI_USAGE } from './midi/usage';
import { extractCommand, EXTRACT_USAGE } from './extract/extract.command';
import { corpusCommand, CORPUS_USAGE } from './corpus/corpus.command';
import { pipelineCommand, PIPELINE_USAGE } from './pipeline.command';
import { demoCommand, DEMO_USAGE } from './demo/demo.command';
import { catalogCommand, CATALOG_USAGE } from './catalog/catalog.command';
import { EXIT_INVALID, EXIT_USAGE, UsageError } from './usage';

const USAGE = `scale: the Scale command line\n\n${MIDI_USAGE}\n${EXTRACT_USAGE}\n${CORPUS_USAGE}\n${CATALOG_USAGE}\n${PIPELINE_USAGE}\n${DEMO_USAGE}`;

type Command = (args: string[], out: NodeJS.WritableStream) => Promise<number>;

const commands: Record<string, { run: Command; usage: string }> = {
  'midi inspect': { run: inspectCommand, usage: MIDI_USAGE },
  'midi bench': { run: benchCommand, usage: MIDI_USAGE },
  extract: { run: extractCommand, usage: EXTRACT_USAGE },
  corpus: { run: corpusCommand, usage: CORPUS_USAGE },
  catalog: { run: catalogCommand, usage: CATALOG_USAGE },
  pipeline: { run: pipelineCommand, usage: PIPELINE_USAGE },
  demo: { run: demoCommand, usage: DEMO_USAGE },
};

function route(args: string[]): { name: string; rest: string[] } | null {
  const two = args.slice(0, 2).join(' ');
  if (commands[two]) return { name: two, rest: args.slice(2) };
  if (args[0] && commands[args[0]]) return { name: args[0], rest: args.slice(1) };
  return null;
}

async function main(args: string[]): Promise<number> {
  if (args.length === 0 || args[0] === '--help' || args[0] === 'help') {
    process.stdout.write(USAGE);
    return args.length === 0 ? EXIT_USAGE : 0;
  }
  const found = route(args);
  if (!found) {
    process.stderr.write(`scale: unknown command "${args.join(' ')}"\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  const { run, usage } = commands[found.name];
  try {
    return await run(found.rest, process.stdout);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`scale ${found.name}: ${error.message}\n\n${usage}`);
      return EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`scale: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`scale ${found.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT_INVALID;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`scale: ${String(error)}\n`);
    process.exitCode = EXIT_INVALID;
  },
);
