import { Counter, Registry } from 'prom-client';
import { readProcessIo, type ProcessIo } from './process-io';
import { readWithin, sharedRead } from './scrape-time';

const COUNTERS: ReadonlyArray<{ name: string; help: string; field: keyof ProcessIo }> = [
  {
    name: 'process_io_read_bytes_total',
    help: 'Bytes this process made the kernel read from storage (read_bytes of /proc/<pid>/io).',
    field: 'readBytes',
  },
  {
    name: 'process_io_write_bytes_total',
    help: 'Bytes this process sent towards storage (write_bytes of /proc/<pid>/io).',
    field: 'writeBytes',
  },
];

/**
 * The process's storage IO beside prom-client's process_* CPU and memory, read at scrape time. A replica
 * is one process in its container, so this is the container's disk IO as the local cluster sees it. The
 * counters keep their last value when /proc cannot be read.
 */
export function registerProcessIoMetrics(
  registry: Registry,
  read: () => Promise<ProcessIo | undefined> = readProcessIo,
): void {
  const current = sharedRead(() => readWithin(read()));
  for (const { name, help, field } of COUNTERS) {
    new Counter({
      name,
      help,
      registers: [registry],
      async collect() {
        const io = await current();
        if (!io) return;
        // The kernel's count for the process only grows: the counter is set to it.
        this.reset();
        this.inc(io[field]);
      },
    });
  }
}
