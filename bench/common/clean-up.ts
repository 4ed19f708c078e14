/** Clean-ups in the order of what was started, run newest first, once, on any exit or Ctrl-C. */
export class CleanUp {
  private readonly steps: Array<() => Promise<void>> = [];
  private running: Promise<void> | undefined;

  add(step: () => Promise<void>): void {
    this.steps.push(step);
  }

  run(): Promise<void> {
    return (this.running ??= (async () => {
      for (const step of this.steps.reverse()) await step().catch(() => undefined);
    })());
  }
}
