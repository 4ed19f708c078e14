import { execFile } from 'node:child_process';

export interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  state: 'pending' | 'firing';
  value: string;
}

async function prometheusApi<T>(prometheusUrl: string, path: string): Promise<T> {
  const response = await fetch(`${prometheusUrl}${path}`);
  const body = (await response.json()) as { status: string; data: T; error?: string };
  if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`);
  return body.data;
}

/** An instant query through Prometheus' HTTP API. */
export async function query(prometheusUrl: string, promql: string): Promise<Sample[]> {
  const data = await prometheusApi<{ result: Sample[] }>(
    prometheusUrl,
    `/api/v1/query?query=${encodeURIComponent(promql)}`,
  );
  return data.result;
}

/** The alerts Prometheus holds now, pending and firing. */
export async function prometheusAlerts(prometheusUrl: string): Promise<PrometheusAlert[]> {
  return (await prometheusApi<{ alerts: PrometheusAlert[] }>(prometheusUrl, '/api/v1/alerts')).alerts;
}

export interface TargetInfo {
  labels: Record<string, string>;
  health: 'up' | 'down' | 'unknown';
  scrapeUrl: string;
}

export async function activeTargets(prometheusUrl: string): Promise<TargetInfo[]> {
  return (await prometheusApi<{ activeTargets: TargetInfo[] }>(prometheusUrl, '/api/v1/targets?state=active'))
    .activeTargets;
}

export interface ToolRun {
  code: number;
  /** stdout and stderr together, for a failing test to print. */
  output: string;
}

/** Runs promtool, amtool or the like to the end. */
export function runTool(binary: string, args: readonly string[], cwd?: string): Promise<ToolRun> {
  return new Promise((resolve) => {
    execFile(binary, args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}
