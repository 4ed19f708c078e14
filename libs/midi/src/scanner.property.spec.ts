import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Midi } from '@tonejs/midi';
import { writeMidi, MidiData, MidiEvent } from 'midi-file';
import { scanMidi } from './scanner';
import { referenceScan } from './reference';

/** A song as @tonejs/midi writes it: one track per part, each on a channel of its own. */
const tonejsSong = fc.uniqueArray(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 10 }).chain((channels) =>
  fc.tuple(
    ...channels.map((channel) =>
      fc.record({
        channel: fc.constant(channel),
        program: fc.integer({ min: 0, max: 127 }),
        notes: fc.array(
          fc.record({
            midi: fc.integer({ min: 0, max: 127 }),
            time: fc.double({ min: 0, max: 60, noNaN: true }),
            duration: fc.double({ min: 0.01, max: 4, noNaN: true }),
            velocity: fc.double({ min: 0.01, max: 1, noNaN: true }),
          }),
          { maxLength: 30 },
        ),
      }),
    ),
  ),
);

describe('scanMidi against files written by @tonejs/midi', () => {
  it('finds exactly the instruments that were written', () => {
    fc.assert(
      fc.property(tonejsSong, (parts) => {
        const midi = new Midi();
        for (const part of parts) {
          const written = midi.addTrack();
          written.channel = part.channel;
          written.instrument.number = part.program;
          for (const note of part.notes) written.addNote(note);
        }
        const result = scanMidi(midi.toArray());
        if (!result.ok) throw new Error(result.error);

        const sounding = parts.filter((p) => p.notes.length > 0);
        const melodic = sounding.filter((p) => p.channel !== 9);
        expect(result.programs).toEqual([...new Set(melodic.map((p) => p.program))].sort((a, z) => a - z));
        expect(result.drums).toBe(sounding.some((p) => p.channel === 9));
        expect(result.notes).toBe(sounding.reduce((n, p) => n + p.notes.length, 0));
        for (const { program, notes } of result.instruments) {
          expect(notes).toBe(melodic.filter((p) => p.program === program).reduce((n, p) => n + p.notes.length, 0));
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Arbitrary event streams: program changes anywhere, running status, sysex, tempo and text events. */
const channelEvent = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('noteOn' as const),
      channel: fc.integer({ min: 0, max: 15 }),
      noteNumber: fc.integer({ min: 0, max: 127 }),
      velocity: fc.integer({ min: 0, max: 127 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('noteOff' as const),
      channel: fc.integer({ min: 0, max: 15 }),
      noteNumber: fc.integer({ min: 0, max: 127 }),
      velocity: fc.integer({ min: 0, max: 127 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('programChange' as const),
      channel: fc.integer({ min: 0, max: 15 }),
      programNumber: fc.integer({ min: 0, max: 127 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('controller' as const),
      channel: fc.integer({ min: 0, max: 15 }),
      controllerType: fc.integer({ min: 0, max: 127 }),
      value: fc.integer({ min: 0, max: 127 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('pitchBend' as const),
      channel: fc.integer({ min: 0, max: 15 }),
      value: fc.integer({ min: -8192, max: 8191 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('setTempo' as const),
      meta: fc.constant(true as const),
      microsecondsPerBeat: fc.integer({ min: 1, max: 0xffffff }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('trackName' as const),
      meta: fc.constant(true as const),
      text: fc.string({ unit: 'binary-ascii', maxLength: 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('sysEx' as const),
      data: fc.uint8Array({ maxLength: 6 }).map((d) => Array.from(d, (b) => b & 0x7f)),
    }),
  },
);

const eventStream = fc.array(
  fc.tuple(
    fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 0x0fffffff })),
    channelEvent,
  ),
  { maxLength: 60 },
);

const anySong = fc.record({
  format: fc.constantFrom(0 as const, 1 as const, 2 as const),
  ticksPerBeat: fc.integer({ min: 1, max: 0x7fff }),
  tracks: fc.array(eventStream, { minLength: 1, maxLength: 6 }),
  running: fc.boolean(),
});

describe('scanMidi against the straightforward reference implementation', () => {
  it('gives identical verdicts for any well-formed file', () => {
    fc.assert(
      fc.property(anySong, ({ format, ticksPerBeat, tracks, running }) => {
        const data: MidiData = {
          header: { format, numTracks: tracks.length, ticksPerBeat },
          tracks: tracks.map((events) => [
            ...events.map(([deltaTime, event]) => ({ ...event, deltaTime }) as MidiEvent),
            { deltaTime: 0, meta: true, type: 'endOfTrack' } as MidiEvent,
          ]),
        };
        const bytes = Uint8Array.from(writeMidi(data, { running }));
        expect(scanMidi(bytes, { fallbackTitle: 'f' })).toEqual(referenceScan(bytes, { fallbackTitle: 'f' }));
      }),
      { numRuns: 500 },
    );
  });
});

describe('scanMidi on damaged bytes', () => {
  it('always returns a verdict, never throws, for truncated and bit-flipped files', () => {
    fc.assert(
      fc.property(
        anySong,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
        ({ format, ticksPerBeat, tracks }, flips, cut) => {
          const data: MidiData = {
            header: { format, numTracks: tracks.length, ticksPerBeat },
            tracks: tracks.map((events) => events.map(([deltaTime, event]) => ({ ...event, deltaTime }) as MidiEvent)),
          };
          const bytes = Uint8Array.from(writeMidi(data));
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const damaged = bytes.subarray(0, bytes.length - (cut % 4 === 0 ? cut % bytes.length : 0));
          const verdict = scanMidi(damaged);
          expect(typeof verdict.ok).toBe('boolean');
          if (!verdict.ok) expect(verdict.error.length).toBeGreaterThan(10);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('gives a verdict for arbitrary bytes behind a MIDI header', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (tail) => {
        const head = [0x4d, 0x54, 0x68, 0x64, 0, 0, 0, 6, 0, 1, 0, 1, 0, 96];
        const verdict = scanMidi(Uint8Array.from([...head, ...tail]));
        expect(typeof verdict.ok).toBe('boolean');
      }),
      { numRuns: 1000 },
    );
  });
});
