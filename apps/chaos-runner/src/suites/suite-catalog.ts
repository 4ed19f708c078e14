import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExperimentDocumentError, parseExperimentDocument, type ExperimentDocument } from '@scale/chaos';

/** One experiment of a suite: its file, and its document as validated (defaults applied). */
export interface SuiteExperiment {
  readonly file: string;
  readonly document: ExperimentDocument;
}

export interface Suite {
  readonly name: string;
  /** In the order of their file names, the order they run in. */
  readonly experiments: readonly SuiteExperiment[];
}

/** What a suite's folder may be called: it is a path segment of POST /suites/{name}/runs. */
export const SUITE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** A suite that cannot be run as it is on disk: the runner refuses to start, naming the file. */
export class SuiteCatalogError extends Error {
  override readonly name = 'SuiteCatalogError';
}

/**
 * Reads every suite of `directory` (RUNNER_SUITES_DIR): one folder per suite, its experiment documents
 * the `*.json` files in it, in the order of their names. Every document is validated now, so that a
 * mistake stops the runner at start-up, naming the file, instead of halfway through a run.
 */
export function loadSuites(directory: string): Suite[] {
  const entries = readdirSync(directory, { withFileTypes: true }).filter((entry) => !entry.name.startsWith('.'));
  const stray = entries.filter((entry) => entry.isFile() && entry.name.endsWith('.json')).map((entry) => entry.name);
  if (stray.length > 0) {
    throw new SuiteCatalogError(
      `${directory} holds experiment documents directly (${stray.sort().join(', ')}); it must hold one folder per suite`,
    );
  }
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => loadSuite(directory, name));
}

function loadSuite(directory: string, name: string): Suite {
  const folder = join(directory, name);
  if (!SUITE_NAME.test(name)) {
    throw new SuiteCatalogError(
      `suite folder ${folder}: a suite's name must be 1-64 letters, digits, . _ - (starting with a letter or digit)`,
    );
  }
  const files = readdirSync(folder)
    .filter((file) => file.endsWith('.json'))
    .sort();
  if (files.length === 0) throw new SuiteCatalogError(`suite folder ${folder} holds no experiment documents (*.json)`);
  return { name, experiments: files.map((file) => ({ file, document: readDocument(join(folder, file)) })) };
}

function readDocument(path: string): ExperimentDocument {
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SuiteCatalogError(`${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseExperimentDocument(input);
  } catch (error) {
    if (error instanceof ExperimentDocumentError) throw new SuiteCatalogError(`${path}: ${error.message}`);
    throw error;
  }
}
