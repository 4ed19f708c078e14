/*
 * How often each General MIDI program turns up in a song of a large, Lakh-like collection, as
 * relative weights (roughly "songs in a hundred that use it"). The corpus generator's family
 * weights give only the family; the similar-songs benchmark needs the per-program skew of real
 * files, where Electric Bass (finger) beats Acoustic Bass and String Ensemble 1 is a staple.
 */

// prettier-ignore
export const PROGRAM_WEIGHTS: readonly number[] = [
  // Piano: Acoustic Grand, Bright Acoustic, Electric Grand, Honky-tonk, E.Piano 1, E.Piano 2, Harpsichord, Clavinet
  55, 9, 4, 2, 8, 5, 2, 2,
  // Chromatic Percussion: Celesta, Glockenspiel, Music Box, Vibraphone, Marimba, Xylophone, Tubular Bells, Dulcimer
  1, 2, 1, 4, 2, 1, 1, 0.5,
  // Organ: Drawbar, Percussive, Rock, Church, Reed, Accordion, Harmonica, Tango Accordion
  5, 3, 4, 1.5, 0.8, 1.5, 2, 0.5,
  // Guitar: Nylon, Steel, Jazz, Clean, Muted, Overdriven, Distortion, Harmonics
  12, 20, 9, 14, 6, 12, 12, 1.5,
  // Bass: Acoustic, Finger, Pick, Fretless, Slap 1, Slap 2, Synth Bass 1, Synth Bass 2
  10, 25, 6, 9, 1.5, 1, 4, 2.5,
  // Strings: Violin, Viola, Cello, Contrabass, Tremolo, Pizzicato, Harp, Timpani
  3, 1, 1.5, 1, 1, 2, 2, 2,
  // Ensemble: String Ensemble 1, String Ensemble 2, Synth Strings 1, Synth Strings 2, Choir Aahs, Voice Oohs, Synth Voice, Orchestra Hit
  30, 9, 7, 3, 10, 4, 2.5, 1,
  // Brass: Trumpet, Trombone, Tuba, Muted Trumpet, French Horn, Brass Section, Synth Brass 1, Synth Brass 2
  7, 4, 1.5, 1, 4, 4, 2, 1,
  // Reed: Soprano Sax, Alto Sax, Tenor Sax, Baritone Sax, Oboe, English Horn, Bassoon, Clarinet
  1, 5, 3.5, 1, 2, 0.5, 1, 2.5,
  // Pipe: Piccolo, Flute, Recorder, Pan Flute, Blown Bottle, Shakuhachi, Whistle, Ocarina
  1, 6, 1, 1.5, 0.3, 0.3, 0.8, 0.5,
  // Synth Lead: Square, Sawtooth, Calliope, Chiff, Charang, Voice, Fifths, Bass + Lead
  2, 3, 0.8, 0.3, 0.5, 1, 0.3, 1,
  // Synth Pad: New Age, Warm, Polysynth, Choir, Bowed, Metallic, Halo, Sweep
  1.5, 3, 1.5, 1.5, 0.5, 0.5, 0.7, 0.6,
  // Synth Effects: Rain, Soundtrack, Crystal, Atmosphere, Brightness, Goblins, Echoes, Sci-fi
  0.3, 0.4, 0.4, 0.5, 0.5, 0.2, 0.4, 0.2,
  // Ethnic: Sitar, Banjo, Shamisen, Koto, Kalimba, Bagpipe, Fiddle, Shanai
  0.3, 0.6, 0.1, 0.2, 0.2, 0.2, 0.3, 0.1,
  // Percussive: Tinkle Bell, Agogo, Steel Drums, Woodblock, Taiko Drum, Melodic Tom, Synth Drum, Reverse Cymbal
  0.2, 0.2, 0.3, 0.2, 0.3, 0.3, 0.4, 1,
  // Sound Effects: Guitar Fret Noise, Breath Noise, Seashore, Bird Tweet, Telephone Ring, Helicopter, Applause, Gunshot
  0.4, 0.2, 0.2, 0.1, 0.1, 0.1, 0.2, 0.1,
];

/** The bass family (32-39): most band arrangements have exactly one bass line. */
export const BASS_PROGRAMS = { first: 32, last: 39 } as const;

export function isBass(program: number): boolean {
  return program >= BASS_PROGRAMS.first && program <= BASS_PROGRAMS.last;
}

/** Notes per second a part on this program plays, as a median: pianos and basses are busy, pads sustain. */
export function noteDensity(program: number): number {
  const family = Math.floor(program / 8);
  // Piano, Chromatic Percussion, Organ, Guitar, Bass, Strings, Ensemble, Brass, Reed, Pipe, Lead, Pad, FX, Ethnic, Percussive, SFX
  return [3.2, 1.6, 1.8, 2.4, 2.2, 1.5, 1.1, 1.2, 1.4, 1.4, 1.8, 0.5, 0.3, 1.5, 1.2, 0.2][family];
}
