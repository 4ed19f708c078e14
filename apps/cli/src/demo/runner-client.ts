import type { ExperimentDetail } from '../../../chaos-runner/src/experiments/experiment-views';

const TERMINAL = new Set(['completed', 'aborted', 'failed', 'refused']);

/** Whether an experiment has ended, whichever way. */
export const isTerminal = (status: string): boolean => TERMINAL.has(status);

/** The runner's HTTP triggers, as an operator's script calls them. */
export class RunnerClient {
  constructor(
    readonly url: string,
    private readonly token: string,
  ) {}

  async start(document: unknown): Promise<ExperimentDetail> {
    const response = await fetch(`${this.url}/experiments`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify(document),
    });
    const body = (await response.json()) as ExperimentDetail & { detail?: string };
    if (response.status !== 201) {
      throw new Error(`the runner refused the experiment (${response.status}): ${body.detail ?? JSON.stringify(body)}`);
    }
    return body;
  }

  async get(id: string): Promise<ExperimentDetail> {
    const response = await fetch(`${this.url}/experiments/${id}`, {
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
    });
    if (!response.ok) throw new Error(`GET /experiments/${id} answered ${response.status}`);
    return (await response.json()) as ExperimentDetail;
  }
}
