/**
 * Writes one line and, when the stream's buffer is full, waits for it to drain, so a long run over
 * thousands of files into a slow pipe holds a bounded amount of output in memory.
 * (A stream nobody reads never drains: tests must consume what they capture.)
 */
export async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (out.write(`${line}\n`)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error): void => {
      out.off('drain', onDrain);
      out.off('close', onDrain);
      out.off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => settle();
    out.once('drain', onDrain);
    // A closed stream will never drain; later writes report the failure themselves.
    out.once('close', onDrain);
    out.once('error', settle);
  });
}
