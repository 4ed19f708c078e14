import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnvironment } from './load';

describe('loadEnvironment', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const env = loadEnvironment({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.S3_BUCKET).toBe('scale-midi');
    expect(env.MIDI_MAX_BYTES).toBe(16 * 1024 * 1024);
  });

  it('refuses wrong values, naming every wrong variable', () => {
    const attempt = () =>
      loadEnvironment({ EXTRACTOR_CONCURRENCY: 'many', S3_BUCKET: 'No_Such', DATABASE_URL: 'not a url' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/EXTRACTOR_CONCURRENCY/);
    expect(attempt).toThrow(/S3_BUCKET: must be a valid S3 bucket name/);
    expect(attempt).toThrow(/DATABASE_URL/);
  });
});
