import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { findFreePort } from '@scale/embedded-servers';
import { createBucket, storeAt } from '../support/bucket';
import { createDatabase } from '../support/catalog-database';
import { OPERATOR_TOKEN } from '../support/chaos-runner';
import { eventually, extractorEnvironment } from '../support/extractor';
import {
  IMAGES,
  REPO_ROOT,
  buildLayout,
  imageEntries,
  loadDockerfile,
  localEnvironment,
  requireBuildOutput,
  startCommand,
} from './image-files';

const RECORDER = join(__dirname, 'record-loaded-modules.mjs');
const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean }>;
};

/** What each program needs beyond the image's own environment: its servers, and a port free on this machine. */
async function settingsFor(target: string): Promise<Record<string, string>> {
  const databaseUrl = await createDatabase(inject('adminDatabaseUrl'));
  if (target === 'extractor') {
    const s3Endpoint = inject('s3Endpoint');
    return extractorEnvironment({ databaseUrl, s3Endpoint, bucket: await createBucket(storeAt(s3Endpoint)) });
  }
  if (target === 'chaos-runner') {
    const nothingThere = await findFreePort();
    return {
      DATABASE_URL: databaseUrl,
      LOCAL_CLUSTER_URL: `http://127.0.0.1:${nothingThere}`,
      RUNNER_TOKENS: `operator:${OPERATOR_TOKEN}`,
    };
  }
  return { DATABASE_URL: databaseUrl };
}

/** A page each program serves from the files the image must carry besides dist/. */
const pages: Record<string, { path: string; expect: RegExp }> = {
  api: { path: '/', expect: /<html/i },
  extractor: { path: '/healthz', expect: /./ },
  'chaos-runner': { path: '/', expect: /default/ },
};

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((path) => !path.startsWith('node_modules'));
}

/** Packages a production install leaves out, and files outside the image, among those the program loaded. */
function foreignModules(urls: string[], imageRoot: string): string[] {
  const modules = join(REPO_ROOT, 'node_modules');
  return urls.flatMap((url) => {
    const path = fileURLToPath(url);
    if (path.startsWith(`${modules}/`)) {
      const key = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)/.exec(relative(REPO_ROOT, path))?.[1] ?? path;
      return lock.packages[key]?.dev ? [`${key} (a dev dependency)`] : [];
    }
    return path.startsWith(`${imageRoot}/`) || path === RECORDER ? [] : [`${path} (not in the image)`];
  });
}

/**
 * Each image's start command run as a local process: the same arguments and environment, from a copy of
 * the image's WORKDIR built from its COPY lines (its /tmp a folder of its own). It proves the paths the
 * image names resolve, the pages find their files, and SIGTERM ends the program cleanly.
 */
describe("each image's start command, run from the image's layout", () => {
  const model = loadDockerfile();
  beforeAll(requireBuildOutput);

  for (const { target, portSetting } of IMAGES) {
    it(`starts the ${target}, serves its page, loads nothing outside the image, and exits 0 on SIGTERM`, async () => {
      const stage = model.resolve(target);
      const scratch = mkdtempSync(join(inject('scratchDir'), `image-${target}-`));
      const root = join(scratch, 'app');
      const tmp = join(scratch, 'tmp');
      mkdirSync(tmp);
      buildLayout(imageEntries(model, stage), stage.workdir, root);
      const before = filesUnder(root);
      const port = await findFreePort();
      // node's own command line, without tini in front (not installed here): tini only hands signals on.
      const { node } = startCommand(stage);
      const loadedFile = join(tmp, 'loaded-modules.txt');
      const child = spawn(process.execPath, node.slice(1), {
        cwd: root,
        env: {
          PATH: process.env.PATH ?? '',
          ...localEnvironment(stage.env, stage.workdir, root, tmp),
          ...(await settingsFor(target)),
          [portSetting]: String(port),
          LOG_LEVEL: 'warn',
          NODE_OPTIONS: `--import=${pathToFileURL(RECORDER).href}`,
          SCALE_TEST_LOADED_MODULES: loadedFile,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      onTestFinished(() => {
        if (child.exitCode === null) child.kill('SIGKILL');
      });

      const url = `http://127.0.0.1:${port}`;
      await eventually(
        `the ${target} to be ready`,
        async () => {
          if (child.exitCode !== null) throw new Error(`the ${target} exited with code ${child.exitCode}: ${output}`);
          return (await fetch(`${url}/readyz`).catch(() => null))?.status === 200;
        },
        60_000,
        100,
      );
      const page = pages[target];
      const response = await fetch(`${url}${page.path}`, { headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
      expect(response.status, output).toBe(200);
      expect(await response.text()).toMatch(page.expect);

      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      const loaded = readFileSync(loadedFile, 'utf8').split('\n').filter(Boolean);
      expect(loaded.length).toBeGreaterThan(100);
      expect(foreignModules(loaded, realpathSync(root))).toEqual([]);
      // Nothing written beside the code: in the image it is a read-only root filesystem.
      expect(filesUnder(root)).toEqual(before);
    });
  }
});
