// Only the telemetry folder: the rest of the library loads modules that must be patched first.
import { startTelemetry } from '@scale/telemetry/telemetry';

/**
 * Loaded before the program with `node --import ./dist/apps/api/src/instrument.js`, so that
 * OpenTelemetry patches the modules before the program loads them.
 */
try {
  startTelemetry('scale-api', ['pg']);
} catch (error) {
  process.stderr.write(`scale-api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
