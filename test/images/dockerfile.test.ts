import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedStage } from './dockerfile-model';
import { dockerignore } from './dockerignore';
import {
  IMAGES,
  REPO_ROOT,
  imageEntries,
  loadDockerfile,
  locate,
  nodeCommand,
  requireBuildOutput,
  startCommand,
} from './image-files';

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  devDependencies: Record<string, string>;
};
const model = loadDockerfile();
const finals = IMAGES.map((image) => ({ ...image, stage: model.resolve(image.target) }));

/** `npm ci` or `npm install` with or without the dev dependencies. */
const installs = (run: string) => /\bnpm\s+(ci|install|i)\b/.test(run);
const omitsDev = (run: string) => /--omit[= ]dev\b|--production\b|--only[= ]prod/.test(run);
const installsDev = (stage: ResolvedStage) => stage.runs.some((run) => installs(run) && !omitsDev(run));

describe('the Dockerfile', () => {
  beforeAll(requireBuildOutput);

  it('has a final target per app, each on a Node 24 slim image pinned to a release', () => {
    for (const { target, stage } of finals) {
      expect(stage.baseImage, target).toMatch(/^node:24\.\d+\.\d+-(?:[a-z]+-)?slim(?:@sha256:[0-9a-f]{64})?$/);
    }
  });

  it('runs every image as a numeric user that is not root', () => {
    for (const { target, stage } of finals) {
      expect(stage.user ?? '(none, so root)', `${target}: USER`).toMatch(/^\d+(?::\d+)?$/);
      expect(Number(stage.user?.split(':')[0]), `${target}: uid`).not.toBe(0);
    }
  });

  it('starts node as the child of tini, in exec form, with the instrumentation entry preloaded by --import, both files in the build output where the image puts them', () => {
    for (const { target, stage } of finals) {
      const entries = imageEntries(model, stage);
      for (const part of [stage.entrypoint, stage.cmd]) {
        // A shell form would make /bin/sh the parent, and SIGTERM would stop at the shell.
        if (part) expect(part.exec, `${target}: ENTRYPOINT and CMD in JSON-array form`).toBe(true);
      }
      const { init, node } = startCommand(stage);
      // The kernel drops SIGKILL and SIGSTOP sent to PID 1 from inside its namespace: the runner's
      // container kill and freeze faults reach node only when an init is PID 1 (signal-command.ts).
      expect(init, `${target}: the init before node`).toEqual(['/usr/bin/tini', '--']);
      expect(
        stage.runs.some((run) => /apt-get install\b.*\stini\b/.test(run)),
        `${target}: tini installed`,
      ).toBe(true);
      const { imports, script } = nodeCommand(node);
      expect(imports, `${target}: --import`).toEqual([expect.stringMatching(/instrument\.js$/)]);
      expect(script, `${target}: the script`).toMatch(/main\.js$/);
      // `--import dist/x.js` would name a package; `./dist/x.js` resolves against the working directory.
      for (const file of imports) expect(file, `${target}: --import ${file} must be a path`).toMatch(/^\.{0,2}\//);
      for (const file of [...imports, script!]) {
        const repoPath = locate(entries, posix.resolve(stage.workdir, file));
        expect(repoPath, `${target}: no COPY puts anything at ${file}`).toBeDefined();
        expect(existsSync(join(REPO_ROOT, repoPath!)), `${target}: ${file} comes from ${repoPath}, missing`).toBe(true);
      }
    }
  });

  it('copies node_modules only from the stage that installed production dependencies, and no dev dependency', () => {
    const devPackages = Object.keys(manifest.devDependencies);
    for (const { target, stage } of finals) {
      expect(installsDev(stage), `${target} is built on a stage that installed dev dependencies`).toBe(false);
      for (const copy of stage.copies) {
        const paths = [...copy.sources, copy.destination];
        if (paths.some((path) => path.split('/').includes('node_modules'))) {
          const from = copy.fromStage === undefined ? undefined : model.resolve(copy.fromStage);
          const where = `${target}: node_modules copied on line ${copy.line}`;
          expect(from?.name, `${where} must come from a build stage`).toBeDefined();
          expect(
            from!.runs.some((run) => installs(run) && omitsDev(run)),
            `${where}: ${from!.name} ran no npm ci --omit=dev`,
          ).toBe(true);
          expect(installsDev(from!), `${where}: ${from!.name} also installed dev dependencies`).toBe(false);
        }
        for (const source of copy.sources) {
          const copied = devPackages.find((name) => source.includes(`node_modules/${name}`));
          expect(copied, `${target}: line ${copy.line} copies the dev dependency ${copied}`).toBeUndefined();
        }
      }
    }
  });

  it('finds in the build context every path it copies from there, none of it left out by .dockerignore', () => {
    const ignored = dockerignore(readFileSync(join(REPO_ROOT, '.dockerignore'), 'utf8'));
    const copies = new Map(
      model
        .stageNames()
        .flatMap((name) => model.resolve(name).copies)
        .filter((copy) => copy.fromStage === undefined)
        .map((copy) => [copy.line, copy]),
    );
    expect(copies.size).toBeGreaterThan(0);
    for (const copy of copies.values()) {
      for (const source of copy.sources) {
        expect(existsSync(join(REPO_ROOT, source)), `line ${copy.line}: ${source} is not in the repository`).toBe(true);
        // Every tracked file under it: what a fresh clone sends to the builder.
        const files = execFileSync('git', ['ls-files', '-z', '--', source], { cwd: REPO_ROOT, encoding: 'utf8' })
          .split('\0')
          .filter(Boolean);
        const left = [source, ...files].filter(ignored);
        expect(left, `line ${copy.line}: .dockerignore leaves out what COPY ${source} needs`).toEqual([]);
      }
    }
    // And it keeps local installs, builds and state out of the context.
    for (const path of ['node_modules', 'dist', '.scale', '.git', 'test-results']) {
      expect(ignored(path), `.dockerignore should leave out ${path}`).toBe(true);
    }
  });

  it('points the folders the programs write to under /tmp, the only writable path of a read-only root', () => {
    for (const { target, stage } of finals) {
      expect(stage.env.NODE_ENV, `${target}: NODE_ENV`).toBe('production');
      // SCALE_DATA_DIR defaults to .scale in the working directory, read-only in the image.
      for (const name of ['SCALE_DATA_DIR', 'TMPDIR', 'HOME']) {
        expect(stage.env[name], `${target}: ${name}`).toMatch(/^\/tmp(?:\/|$)/);
      }
    }
  });

  it("exposes each app's default port and stops it with SIGTERM", () => {
    for (const { target, stage, port } of finals) {
      expect(
        stage.exposed.map((entry) => entry.replace(/\/tcp$/, '')),
        `${target}: EXPOSE`,
      ).toEqual([String(port)]);
      expect(stage.stopSignal ?? 'SIGTERM', `${target}: STOPSIGNAL`).toBe('SIGTERM');
    }
  });

  it('labels every image with its OCI title, description, license and the version of package.json', () => {
    for (const { target, stage } of finals) {
      const label = (name: string) =>
        stage.labels[`org.opencontainers.image.${name}`]?.replace(
          /\$\{(\w+)\}/g,
          (_, arg: string) => stage.argDefaults[arg] ?? '',
        );
      expect(label('title'), target).toBe(`scale-${target}`);
      expect(label('description'), target).toBeTruthy();
      expect(label('licenses'), target).toBe(manifest.license);
      expect(label('version'), target).toBe(manifest.version);
    }
  });

  it("puts the pages' static files and the runner's suites where the programs look for them", () => {
    const has = (target: string, path: string) => {
      const { stage } = finals.find((image) => image.target === target)!;
      const repoPath = locate(imageEntries(model, stage), posix.resolve(stage.workdir, path));
      return repoPath !== undefined && existsSync(join(REPO_ROOT, repoPath));
    };
    // Found at run time by walking up from dist/ to apps/<app>/web (web-root.ts of each app).
    for (const file of ['index.html', 'app.js', 'style.css']) {
      expect(has('api', `apps/api/web/${file}`), file).toBe(true);
    }
    for (const file of readdirSync(join(REPO_ROOT, 'apps', 'chaos-runner', 'web'))) {
      expect(has('chaos-runner', `apps/chaos-runner/web/${file}`), file).toBe(true);
    }
    const { stage } = finals.find((image) => image.target === 'chaos-runner')!;
    const suites = stage.env.RUNNER_SUITES_DIR ?? 'apps/chaos-runner/suites';
    expect(has('chaos-runner', `${suites}/default`), `RUNNER_SUITES_DIR ${suites}`).toBe(true);
  });
});
