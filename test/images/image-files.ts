import { cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { environmentSchema } from '@scale/config';
import { runnerSettingsSchema } from '../../apps/chaos-runner/src/settings/runner-settings';
import { DockerfileModel, type ResolvedStage } from './dockerfile-model';

export const REPO_ROOT = join(__dirname, '..', '..');

/** Each app's final target in the Dockerfile and the port it listens on when left to its defaults. */
export const IMAGES = [
  { target: 'api', port: environmentSchema.shape.API_PORT.parse(undefined), portSetting: 'API_PORT' },
  { target: 'extractor', port: environmentSchema.shape.EXTRACTOR_PORT.parse(undefined), portSetting: 'EXTRACTOR_PORT' },
  {
    target: 'chaos-runner',
    port: runnerSettingsSchema.shape.CHAOS_RUNNER_PORT.parse(undefined),
    portSetting: 'CHAOS_RUNNER_PORT',
  },
] as const;

/** The repository's Dockerfile, parsed. */
export function loadDockerfile(): DockerfileModel {
  return new DockerfileModel(readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8'));
}

/** The build output the images copy from; the integration tests build it first. */
export function requireBuildOutput(): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'apps'))) {
    throw new Error('dist/ is missing: run `npm run -s build` first (the integration global setup does)');
  }
}

/** One path of an image and where it comes from in this repository. */
export interface ImageEntry {
  readonly imagePath: string;
  /** Relative to the repository's root. */
  readonly repoPath: string;
  readonly fromStage?: string;
  readonly line: number;
}

/**
 * Where each path a stage copies comes from here. The build context is the repository, and a build
 * stage's WORKDIR after `npm ci` and `npm run build` holds what the repository holds after them
 * (node_modules/, dist/), so `/app/dist/apps/api` in the build stage is `dist/apps/api` here.
 */
export function imageEntries(model: DockerfileModel, stage: ResolvedStage): ImageEntry[] {
  return stage.copies.flatMap((copy) =>
    copy.sources.map((source) => {
      const repoPath =
        copy.fromStage === undefined ? posix.normalize(source) : stagePath(model, copy.fromStage, source);
      const local = join(REPO_ROOT, repoPath);
      const folder = existsSync(local) && statSync(local).isDirectory();
      // A folder's contents go to the destination; a file goes into it when it names a folder.
      const imagePath =
        !folder && copy.intoFolder ? posix.join(copy.destination, posix.basename(source)) : copy.destination;
      return { imagePath, repoPath, fromStage: copy.fromStage, line: copy.line };
    }),
  );
}

function stagePath(model: DockerfileModel, stageName: string, source: string): string {
  const { workdir } = model.resolve(stageName);
  const path = posix.resolve(workdir, source);
  if (!path.startsWith(`${workdir}/`)) throw new Error(`COPY --from=${stageName} ${source} is outside ${workdir}`);
  return posix.relative(workdir, path);
}

/** The repository path an image path comes from, by the last COPY that covers it. */
export function locate(entries: readonly ImageEntry[], imagePath: string): string | undefined {
  for (const entry of [...entries].reverse()) {
    if (imagePath === entry.imagePath) return entry.repoPath;
    if (imagePath.startsWith(`${entry.imagePath}/`)) {
      return posix.join(entry.repoPath, posix.relative(entry.imagePath, imagePath));
    }
  }
  return undefined;
}

/** An image's start command (ENTRYPOINT then CMD): the init before node, and node's own command line. */
export function startCommand(stage: ResolvedStage): { init: string[]; node: string[] } {
  const words = [...(stage.entrypoint?.words ?? []), ...(stage.cmd?.words ?? [])];
  const at = words.findIndex((word) => posix.basename(word) === 'node');
  return at === -1 ? { init: words, node: [] } : { init: words.slice(0, at), node: words.slice(at) };
}

/** A node command line split into its preloaded modules (`--import`), its script and the script's arguments. */
export function nodeCommand(words: readonly string[]): { imports: string[]; script?: string; args: string[] } {
  const imports: string[] = [];
  for (let index = 1; index < words.length; index++) {
    const word = words[index];
    if (word === '--import') imports.push(words[++index]);
    else if (word.startsWith('--import=')) imports.push(word.slice('--import='.length));
    else if (!word.startsWith('-')) return { imports, script: word, args: words.slice(index + 1) };
  }
  return { imports, args: [] };
}

/**
 * The image's WORKDIR rebuilt under `root`: its files copied from the repository, except node_modules,
 * linked (the test checks separately that the program loads no package a production install leaves out).
 */
export function buildLayout(entries: readonly ImageEntry[], workdir: string, root: string): void {
  for (const entry of entries) {
    const relative = posix.relative(workdir, entry.imagePath);
    if (relative.startsWith('..')) throw new Error(`${entry.imagePath} is outside the WORKDIR ${workdir}`);
    const target = join(root, relative);
    mkdirSync(dirname(target), { recursive: true });
    if (relative === 'node_modules') symlinkSync(join(REPO_ROOT, entry.repoPath), target, 'dir');
    else cpSync(join(REPO_ROOT, entry.repoPath), target, { recursive: true });
  }
}

/** The image's environment for a local process: its WORKDIR is `root`, its /tmp is `tmp`. */
export function localEnvironment(
  env: Readonly<Record<string, string>>,
  workdir: string,
  root: string,
  tmp: string,
): Record<string, string> {
  const under = (value: string, folder: string) => value === folder || value.startsWith(`${folder}/`);
  const moved = (value: string) => {
    if (under(value, workdir)) return root + value.slice(workdir.length);
    return under(value, '/tmp') ? tmp + value.slice('/tmp'.length) : value;
  };
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, moved(value)]));
}
