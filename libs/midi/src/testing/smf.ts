/** Hand-assembled Standard MIDI Files for tests: every byte is the test's own choice. */

export function vlq(value: number): number[] {
  const bytes = [value & 0x7f];
  for (let v = value >>> 7; v > 0; v >>>= 7) bytes.unshift((v & 0x7f) | 0x80);
  return bytes;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

export function header(format: number, tracks: number, division = 96): number[] {
  return [
    0x4d,
    0x54,
    0x68,
    0x64,
    ...u32(6),
    format >> 8,
    format & 0xff,
    tracks >> 8,
    tracks & 0xff,
    division >> 8,
    division & 0xff,
  ];
}

export function track(events: number[]): number[] {
  return [0x4d, 0x54, 0x72, 0x6b, ...u32(events.length), ...events];
}

export function smf(format: number, tracks: number[][], division = 96): Uint8Array {
  return Uint8Array.from([...header(format, tracks.length, division), ...tracks.flatMap(track)]);
}

export const endOfTrack = (delta = 0): number[] => [...vlq(delta), 0xff, 0x2f, 0x00];
export const noteOn = (delta: number, channel: number, key: number, velocity = 100): number[] => [
  ...vlq(delta),
  0x90 | channel,
  key,
  velocity,
];
export const noteOff = (delta: number, channel: number, key: number): number[] => [
  ...vlq(delta),
  0x80 | channel,
  key,
  0,
];
export const program = (delta: number, channel: number, number: number): number[] => [
  ...vlq(delta),
  0xc0 | channel,
  number,
];
export const tempo = (delta: number, usPerQuarter: number): number[] => [
  ...vlq(delta),
  0xff,
  0x51,
  0x03,
  (usPerQuarter >> 16) & 0xff,
  (usPerQuarter >> 8) & 0xff,
  usPerQuarter & 0xff,
];
export const trackName = (delta: number, name: string): number[] => {
  const bytes = [...Buffer.from(name, 'utf8')];
  return [...vlq(delta), 0xff, 0x03, ...vlq(bytes.length), ...bytes];
};
