import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);

export const CHART = resolve(__dirname, '..', '..', 'helm', 'scale');

/** The values files the Kubernetes tests install with, also a user's starting point. */
export const CI_VALUES = {
  control: join(CHART, 'ci', 'control-values.yaml'),
  experiment: join(CHART, 'ci', 'experiment-values.yaml'),
  runner: join(CHART, 'ci', 'runner-values.yaml'),
} as const;

/** A Kubernetes object as helm renders it: only what the tests read is typed. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  rules?: PolicyRule[];
  [key: string]: unknown;
}

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export interface HelmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The helm built by scripts/install-kubernetes.sh. */
export function helmBinary(): string {
  return join(inject('kubernetesBin'), 'helm');
}

/** Runs helm; a non-zero exit is returned, not thrown, so tests can read its message. */
export async function helm(args: readonly string[]): Promise<HelmResult> {
  try {
    const { stdout, stderr } = await run(helmBinary(), [...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? String(error) };
  }
}

/** `--values` for each file and `--set` for each entry (`--set-string` when the value is a string). */
export function valueArgs(files: readonly string[], set: Readonly<Record<string, string | number | boolean>> = {}) {
  return [
    ...files.flatMap((file) => ['--values', file]),
    ...Object.entries(set).flatMap(([key, value]) =>
      typeof value === 'string' ? ['--set-string', `${key}=${value}`] : ['--set', `${key}=${String(value)}`],
    ),
  ];
}

/** `helm template` of the chart as release `release` in `namespace`; throws with helm's message on failure. */
export async function renderChart(
  release: string,
  namespace: string,
  files: readonly string[],
  set: Readonly<Record<string, string | number | boolean>> = {},
): Promise<Manifest[]> {
  const result = await helm(['template', release, CHART, '--namespace', namespace, ...valueArgs(files, set)]);
  if (result.code !== 0) throw new Error(`helm template failed:\n${result.stderr}`);
  return parseAllDocuments(result.stdout)
    .map((document) => document.toJS() as Manifest | null)
    .filter((manifest): manifest is Manifest => manifest !== null);
}

export function ofKind(manifests: readonly Manifest[], kind: string): Manifest[] {
  return manifests.filter((manifest) => manifest.kind === kind);
}

export function named(manifests: readonly Manifest[], kind: string, name: string): Manifest {
  const found = manifests.find((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} among ${manifests.length} manifests`);
  return found;
}
