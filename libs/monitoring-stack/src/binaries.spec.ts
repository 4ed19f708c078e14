import { describe, expect, it } from 'vitest';
import { requireBinaries } from './binaries';
import { MonitoringError } from './errors';

describe('requireBinaries', () => {
  it('accepts executables', async () => {
    await expect(requireBinaries({ node: process.execPath })).resolves.toBeUndefined();
  });

  it('names every missing program and the script that installs them', async () => {
    const attempt = requireBinaries({
      node: process.execPath,
      prometheus: '/nonexistent/prometheus',
      amtool: '/nonexistent/amtool',
    });
    await expect(attempt).rejects.toThrow(MonitoringError);
    await expect(attempt).rejects.toThrow(
      'not installed: prometheus (/nonexistent/prometheus), amtool (/nonexistent/amtool); run scripts/install-monitoring.sh',
    );
  });

  it('counts a file that cannot be run as missing', async () => {
    await expect(requireBinaries({ readme: __filename })).rejects.toThrow(/not installed: readme/);
  });
});
