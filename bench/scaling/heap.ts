/** The bytes the heap holds once garbage is collected: V8's heap plus typed arrays' backing stores. */
export function settledHeapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run node with --expose-gc (npm run bench:scaling does): the bench measures the heap');
  // A second pass collects what the first one's finalizers released.
  gc();
  gc();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}
