import { execFile } from 'node:child_process';

/**
 * The flags that make Prometheus lock its data directory, so a second Prometheus on the same directory
 * fails at start instead of corrupting the first one's database. Upstream builds lock by default (and
 * offer --storage.tsdb.no-lockfile); Debian's build does not, and asks for --storage.tsdb.use-lockfile.
 */
export async function tsdbLockFlags(prometheusBinary: string): Promise<string[]> {
  const help = await new Promise<string>((resolve) => {
    execFile(prometheusBinary, ['--help'], (_error, stdout, stderr) => resolve(`${stdout}${stderr}`));
  });
  return help.includes('--storage.tsdb.use-lockfile') ? ['--storage.tsdb.use-lockfile'] : [];
}
