import { Watch, type KubeConfig } from '@kubernetes/client-node';

interface Named {
  metadata?: { name?: string };
}

interface Waiter<T> {
  readonly until: (objects: ReadonlyMap<string, T>) => boolean;
  readonly resolve: (at: number) => void;
}

/**
 * The objects at an API path as a watch sees them, and the moment (performance.now()) a condition on
 * them first holds: each condition is checked at every event, so a moment is the event's arrival, not
 * a poll's. A watch the server ends is started again.
 */
export class ObjectWatch<T extends Named> {
  readonly objects = new Map<string, T>();
  private readonly waiters = new Set<Waiter<T>>();
  private abort: AbortController | undefined;
  private stopped = false;

  private constructor(
    private readonly watch: Watch,
    private readonly path: string,
    private readonly query: Record<string, string>,
  ) {}

  static async start<T extends Named>(
    kubeConfig: KubeConfig,
    path: string,
    query: Record<string, string> = {},
  ): Promise<ObjectWatch<T>> {
    const watch = new ObjectWatch<T>(new Watch(kubeConfig), path, query);
    await watch.connect();
    return watch;
  }

  /** Resolves with the moment `until` first holds (now, if it holds already); rejects after `timeoutMs`. */
  when(what: string, until: (objects: ReadonlyMap<string, T>) => boolean, timeoutMs = 300_000): Promise<number> {
    if (until(this.objects)) return Promise.resolve(performance.now());
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${what}: not within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      // A moment that never comes (a refused round's) must not keep the finished bench alive.
      timer.unref();
      const waiter: Waiter<T> = {
        until,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
      };
      this.waiters.add(waiter);
    });
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }

  private async connect(): Promise<void> {
    this.abort = await this.watch.watch(
      this.path,
      this.query,
      (type: string, object: T) => this.event(type, object),
      () => {
        if (!this.stopped) void this.connect().catch(() => undefined);
      },
    );
  }

  private event(type: string, object: T): void {
    const name = object.metadata?.name;
    if (!name) return;
    if (type === 'DELETED') this.objects.delete(name);
    else if (type === 'ADDED' || type === 'MODIFIED') this.objects.set(name, object);
    const at = performance.now();
    for (const waiter of this.waiters) {
      if (!waiter.until(this.objects)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(at);
    }
  }
}
