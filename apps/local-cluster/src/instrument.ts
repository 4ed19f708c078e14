// Only the telemetry folder: the rest of the library loads modules that must be patched first.
import { startTelemetry } from '@scale/telemetry/telemetry';

/**
 * Loaded before the program with `node --import ./dist/apps/local-cluster/src/instrument.js`, so that
 * OpenTelemetry patches the modules (the control API's HTTP server, pg) before the program loads them.
 */
try {
  startTelemetry('scale-local-cluster', ['pg', 'undici']);
} catch (error) {
  process.stderr.write(`scale-local-cluster: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
