import { decodeText, instrumentsFromCounts, MidiVerdict, roundSeconds, smpteTicksPerSecond } from './summary';

/*
 * A purpose-built scanner over the bytes of a Standard MIDI File. It is the product's hot path (every
 * object in the bucket goes through it), so instead of building event objects as general parsers do,
 * it walks the bytes once, remembers only note-on ticks, program changes and tempo changes in reusable
 * typed arrays, and resolves which program each note sounds on afterwards.
 *
 * Semantics (see README "How instruments are counted"):
 * - an instrument is used when a note-on with velocity > 0 sounds on it;
 * - a note sounds on the program active on its channel at its tick; every channel starts on program 0;
 *   in formats 0 and 1 all tracks are merged in tick order (ties: earlier track first, then file order)
 *   and program changes at a tick take effect before note-ons at that tick; in format 2 every track is
 *   a sequence of its own;
 * - channel 10 (index 9) is the drum kit, never a program.
 * Running status survives meta and sysex events, as it does in the widespread parsers, because many
 * real files depend on it.
 */

class CorruptMidi extends Error {}

function fail(message: string): never {
  throw new CorruptMidi(message);
}

const DEFAULT_TEMPO_US_PER_QUARTER = 500_000;
// A local constant: an imported binding is a property read on every note in compiled CommonJS.
const DRUMS = 9;
const MTHD = 0x4d546864;
const MTRK = 0x4d54726b;

// Scratch state reused across calls: scanning is synchronous, so one set serves the whole process.
let noteTicks = new Float64Array(1 << 14);
let noteChannels = new Uint8Array(1 << 14);
let noteCount = 0;
const channelNotes = new Float64Array(16);
const programNotes = new Float64Array(128);
/** Channels whose notes were all attributed without walking them (1) or not yet (0). */
const channelSettled = new Uint8Array(16);
const pcTicks: number[] = [];
const pcChannels: number[] = [];
const pcPrograms: number[] = [];
const pcTracks: number[] = [];
const tempoTicks: number[] = [];
const tempoValues: number[] = [];
const tempoTracks: number[] = [];
const trackNoteStart: number[] = [];
const trackEndTicks: number[] = [];
let title: string | null = null;
let cursor = 0;

function reset(maxNotes: number): void {
  if (noteTicks.length < maxNotes) {
    noteTicks = new Float64Array(maxNotes);
    noteChannels = new Uint8Array(maxNotes);
  }
  noteCount = 0;
  channelNotes.fill(0);
  programNotes.fill(0);
  channelSettled.fill(0);
  pcTicks.length = pcChannels.length = pcPrograms.length = pcTracks.length = 0;
  tempoTicks.length = tempoValues.length = tempoTracks.length = 0;
  trackNoteStart.length = trackEndTicks.length = 0;
  title = null;
}

function u32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

/** Reads a variable-length quantity (at most 4 bytes, as the standard allows); leaves `cursor` after it. */
function readVlq(b: Uint8Array, p: number, end: number, where: string): number {
  let value = 0;
  for (let i = 0; i < 4; i++) {
    if (p >= end) fail(`${where}: ends in the middle of a variable-length number (byte ${p})`);
    const c = b[p++];
    value = value * 128 + (c & 0x7f);
    if ((c & 0x80) === 0) {
      cursor = p;
      return value;
    }
  }
  return fail(`${where}: variable-length number longer than 4 bytes at byte ${p - 4} (corrupt data)`);
}

function scanTrack(b: Uint8Array, start: number, end: number, track: number): void {
  const where = `track ${track + 1}`;
  let p = start;
  let tick = 0;
  let running = 0;
  let notes = noteCount;
  trackNoteStart.push(notes);
  while (p < end) {
    let c = b[p++];
    let delta = c & 0x7f;
    if (c & 0x80) {
      let length = 1;
      do {
        if (p >= end) fail(`${where}: ends in the middle of a delta time (byte ${p})`);
        if (++length > 4) fail(`${where}: delta time longer than 4 bytes at byte ${p - 4} (corrupt data)`);
        c = b[p++];
        delta = delta * 128 + (c & 0x7f);
      } while (c & 0x80);
    }
    tick += delta;
    if (p >= end) fail(`${where}: ends after a delta time, with no event (byte ${p})`);
    let status = b[p];
    if (status & 0x80) {
      p++;
      if (status < 0xf0) running = status;
    } else if (running === 0) {
      fail(`${where}: running status with no status byte before it (byte ${p})`);
    } else {
      status = running;
    }
    switch (status >> 4) {
      case 0x9: {
        if (p + 2 > end) fail(`${where}: ends in the middle of a note-on (byte ${p})`);
        if (b[p + 1] !== 0) {
          const channel = status & 0x0f;
          channelNotes[channel]++;
          if (channel !== DRUMS) {
            noteTicks[notes] = tick;
            noteChannels[notes] = channel;
            notes++;
          }
        }
        p += 2;
        break;
      }
      case 0x8:
      case 0xa:
      case 0xb:
      case 0xe:
        if (p + 2 > end) fail(`${where}: ends in the middle of a channel message (byte ${p})`);
        p += 2;
        break;
      case 0xc: {
        if (p >= end) fail(`${where}: ends in the middle of a program change (byte ${p})`);
        const program = b[p++];
        if (program & 0x80) fail(`${where}: program change to ${program} at byte ${p - 1} (corrupt data)`);
        pcTicks.push(tick);
        pcChannels.push(status & 0x0f);
        pcPrograms.push(program);
        pcTracks.push(track);
        break;
      }
      case 0xd:
        if (p >= end) fail(`${where}: ends in the middle of a channel message (byte ${p})`);
        p += 1;
        break;
      default:
        p = scanSystemEvent(b, p, end, status, tick, track, where);
    }
  }
  noteCount = notes;
  trackEndTicks.push(tick);
}

function scanSystemEvent(
  b: Uint8Array,
  p: number,
  end: number,
  status: number,
  tick: number,
  track: number,
  where: string,
): number {
  if (status === 0xff) {
    if (p >= end) fail(`${where}: ends in the middle of a meta event (byte ${p})`);
    const type = b[p];
    const length = readVlq(b, p + 1, end, where);
    p = cursor;
    if (p + length > end) fail(`${where}: meta event of ${length} bytes runs past the end of the track (byte ${p})`);
    if (type === 0x03 && title === null) {
      const text = decodeText(b.subarray(p, p + length));
      if (text !== '') title = text;
    } else if (type === 0x51 && length === 3) {
      tempoTicks.push(tick);
      tempoValues.push((b[p] << 16) | (b[p + 1] << 8) | b[p + 2]);
      tempoTracks.push(track);
    }
    return p + length;
  }
  if (status === 0xf0 || status === 0xf7) {
    const length = readVlq(b, p, end, where);
    p = cursor;
    if (p + length > end) fail(`${where}: sysex event of ${length} bytes runs past the end of the track (byte ${p})`);
    return p + length;
  }
  return fail(`${where}: status byte 0x${status.toString(16)} is not allowed in a MIDI file (byte ${p - 1})`);
}

/** Stable order of program or tempo changes by tick; equal ticks keep track-then-file order. */
function byTick(ticks: readonly number[], indices: number[]): number[] {
  return indices.sort((a, z) => ticks[a] - ticks[z] || a - z);
}

const perChannel: number[][] = Array.from({ length: 16 }, () => []);
const nextChange = new Int32Array(16);
const currentProgram = new Int32Array(16);

/**
 * Adds the notes of tracks [firstTrack, lastTrack) to `programNotes`, using the given program changes.
 * `wholeFile` says the tracks are every track, so per-channel note counts apply to them.
 */
function resolvePrograms(firstTrack: number, lastTrack: number, pcs: number[], wholeFile: boolean): void {
  const noteFrom = trackNoteStart[firstTrack];
  const noteTo = lastTrack < trackNoteStart.length ? trackNoteStart[lastTrack] : noteCount;
  if (pcs.length === 0) {
    programNotes[0] += noteTo - noteFrom;
    return;
  }
  for (const changes of perChannel) changes.length = 0;
  for (const i of byTick(pcTicks, pcs)) perChannel[pcChannels[i]].push(i);
  // Common case: a channel's program changes all sit at tick 0, so every note of it sounds on the last.
  let walk = false;
  for (let channel = 0; channel < 16; channel++) {
    const changes = perChannel[channel];
    if (channel === DRUMS || !wholeFile) continue;
    if (changes.length === 0) {
      programNotes[0] += channelNotes[channel];
      channelSettled[channel] = 1;
    } else if (pcTicks[changes[changes.length - 1]] === 0) {
      programNotes[pcPrograms[changes[changes.length - 1]]] += channelNotes[channel];
      channelSettled[channel] = 1;
    } else {
      walk = true;
    }
  }
  if (wholeFile && !walk) return;
  for (let track = firstTrack; track < lastTrack; track++) {
    nextChange.fill(0);
    currentProgram.fill(0);
    const to = track + 1 < trackNoteStart.length ? trackNoteStart[track + 1] : noteCount;
    for (let n = trackNoteStart[track]; n < to; n++) {
      const channel = noteChannels[n];
      if (channelSettled[channel] === 1) continue;
      const changes = perChannel[channel];
      if (changes.length === 0) {
        programNotes[0]++;
        continue;
      }
      const tick = noteTicks[n];
      while (nextChange[channel] < changes.length && pcTicks[changes[nextChange[channel]]] <= tick) {
        currentProgram[channel] = pcPrograms[changes[nextChange[channel]++]];
      }
      programNotes[currentProgram[channel]]++;
    }
  }
}

function secondsAt(endTick: number, tempos: number[], ticksPerQuarter: number): number {
  let seconds = 0;
  let lastTick = 0;
  let tempo = DEFAULT_TEMPO_US_PER_QUARTER;
  for (const i of byTick(tempoTicks, tempos)) {
    const tick = tempoTicks[i];
    if (tick >= endTick) break;
    seconds += ((tick - lastTick) * tempo) / (1e6 * ticksPerQuarter);
    lastTick = tick;
    tempo = tempoValues[i];
  }
  return seconds + ((endTick - lastTick) * tempo) / (1e6 * ticksPerQuarter);
}

function indicesWhere(tracks: readonly number[], track: number | null): number[] {
  const indices: number[] = [];
  for (let i = 0; i < tracks.length; i++) if (track === null || tracks[i] === track) indices.push(i);
  return indices;
}

function scan(b: Uint8Array, fallbackTitle: string | null): MidiVerdict {
  const length = b.length;
  if (length < 14) fail(`too short to be a MIDI file (${length} bytes)`);
  if (u32(b, 0) !== MTHD) {
    if (u32(b, 0) === 0x52494646) fail('RIFF-wrapped MIDI (RMID) is not supported: extract its data chunk');
    fail('not a MIDI file: it does not start with an MThd header');
  }
  const headerLength = u32(b, 4);
  if (headerLength < 6) fail(`bad header: the MThd chunk is ${headerLength} bytes long, 6 expected`);
  if (8 + headerLength > length) fail('bad header: the MThd chunk runs past the end of the file');
  const format = (b[8] << 8) | b[9];
  const declaredTracks = (b[10] << 8) | b[11];
  const division = (b[12] << 8) | b[13];
  if (format > 2) fail(`bad header: unknown MIDI format ${format}`);
  const smpte = (division & 0x8000) !== 0;
  if (division === 0) fail('bad header: zero ticks per quarter note');
  if (smpte && (division & 0xff) === 0) fail('bad header: zero ticks per SMPTE frame');
  if (smpte && ![24, 25, 29, 30].includes(256 - (division >> 8))) {
    fail(`bad header: ${256 - (division >> 8)} SMPTE frames per second`);
  }

  // A note-on takes at least 3 bytes (delta, key, velocity), so this bounds the notes of the file.
  reset(Math.ceil(length / 3) + 16);
  let pos = 8 + headerLength;
  let tracks = 0;
  // The header's track count is authoritative: chunks after the last declared track are ignored,
  // as midi-file, @tonejs/midi and mido do (real files carry stray empty tracks there).
  while (pos + 8 <= length && tracks < declaredTracks) {
    const chunkLength = u32(b, pos + 4);
    const start = pos + 8;
    const isTrack = u32(b, pos) === MTRK;
    if (start + chunkLength > length) {
      fail(
        isTrack
          ? `track ${tracks + 1} is truncated: its chunk declares ${chunkLength} bytes but only ${length - start} remain`
          : `chunk at byte ${pos} declares ${chunkLength} bytes but only ${length - start} remain (truncated or corrupt)`,
      );
    }
    if (isTrack) scanTrack(b, start, start + chunkLength, tracks++);
    pos = start + chunkLength;
  }
  // Fewer than 8 trailing bytes cannot hold a chunk: writers pad files, so they are ignored.
  if (tracks < declaredTracks) {
    fail(`truncated: the header declares ${declaredTracks} tracks but the file holds ${tracks}`);
  }

  let durationSeconds = 0;
  if (format === 2) {
    for (let t = 0; t < tracks; t++) {
      resolvePrograms(t, t + 1, indicesWhere(pcTracks, t), false);
      durationSeconds += smpte
        ? trackEndTicks[t] / smpteTicksPerSecond(division)
        : secondsAt(trackEndTicks[t], indicesWhere(tempoTracks, t), division);
    }
  } else {
    resolvePrograms(0, tracks, indicesWhere(pcTracks, null), true);
    let endTick = 0;
    for (const tick of trackEndTicks) if (tick > endTick) endTick = tick;
    durationSeconds = smpte
      ? endTick / smpteTicksPerSecond(division)
      : secondsAt(endTick, indicesWhere(tempoTracks, null), division);
  }

  const instruments = instrumentsFromCounts(programNotes);
  let notes = 0;
  for (let c = 0; c < 16; c++) notes += channelNotes[c];
  const drumNotes = channelNotes[DRUMS];
  return {
    ok: true,
    title: title ?? fallbackTitle,
    format: format as 0 | 1 | 2,
    tracks,
    ticksPerQuarter: smpte ? null : division,
    durationSeconds: roundSeconds(durationSeconds),
    notes,
    programs: instruments.map((i) => i.program),
    instruments,
    drums: drumNotes > 0,
    drumNotes,
  };
}

export interface ScanOptions {
  /** Title to report when the file names none (usually the file or object name). */
  readonly fallbackTitle?: string | null;
}

/**
 * Every input gets a verdict: a summary, or `ok: false` with what is wrong. Nothing escapes, nothing
 * hangs (every loop advances through a bounded buffer) and memory stays linear in the file size.
 */
export function scanMidi(bytes: Uint8Array, options: ScanOptions = {}): MidiVerdict {
  try {
    return scan(bytes, options.fallbackTitle ?? null);
  } catch (error) {
    if (error instanceof CorruptMidi) return { ok: false, error: error.message };
    return { ok: false, error: `unreadable MIDI data: ${(error as Error).message ?? String(error)}` };
  }
}
