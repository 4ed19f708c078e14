import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseProcessIo, readProcessIo, type ProcessIo } from './process-io';
import { registerProcessIoMetrics } from './process-io-metrics';

const value = async (registry: Registry, name: string) =>
  (await registry.getSingleMetric(name)?.get())?.values[0]?.value;

const PROC_IO = `rchar: 6976
wchar: 120
syscr: 10
syscw: 2
read_bytes: 4096
write_bytes: 81920
cancelled_write_bytes: 0
`;

describe('process IO', () => {
  it('reads the storage bytes of /proc/<pid>/io, not the read and write calls', () => {
    expect(parseProcessIo(PROC_IO)).toEqual({ readBytes: 4096, writeBytes: 81920 });
    expect(parseProcessIo('rchar: 1\nwchar: 2\n')).toBeUndefined();
    expect(parseProcessIo('')).toBeUndefined();
  });

  it("reads this process's own counters from /proc", async () => {
    const io = await readProcessIo();
    expect(io?.readBytes).toBeGreaterThanOrEqual(0);
    expect(io?.writeBytes).toBeGreaterThanOrEqual(0);
  });

  it('follows the kernel counters from scrape to scrape, and keeps the last value when they cannot be read', async () => {
    const registry = new Registry();
    let io: ProcessIo | undefined = { readBytes: 4096, writeBytes: 8192 };
    registerProcessIoMetrics(registry, async () => io);
    expect(await value(registry, 'process_io_read_bytes_total')).toBe(4096);
    io = { readBytes: 12288, writeBytes: 65536 };
    expect(await value(registry, 'process_io_read_bytes_total')).toBe(12288);
    expect(await value(registry, 'process_io_write_bytes_total')).toBe(65536);
    io = undefined;
    expect(await value(registry, 'process_io_write_bytes_total')).toBe(65536);
  });
});
