import type { Random } from '@scale/midi-generator';

// Enough words that titles repeat the way real ones do ("Blue Moon" by a dozen artists) without
// every song being called the same; the number keeps each title traceable to its object key.
const ADJECTIVES = [
  'Blue',
  'Golden',
  'Electric',
  'Lonely',
  'Silver',
  'Midnight',
  'Summer',
  'Broken',
  'Wild',
  'Sweet',
  'Crazy',
  'Little',
  'Dancing',
  'Burning',
  'Hollow',
  'Velvet',
  'Restless',
  'Northern',
  'Crimson',
  'Quiet',
];
const NOUNS = [
  'River',
  'Heart',
  'Road',
  'Rain',
  'Fire',
  'Dream',
  'Train',
  'Night',
  'Moon',
  'Highway',
  'Angel',
  'Morning',
  'City',
  'Ocean',
  'Garden',
  'Shadow',
  'Wind',
  'Sky',
  'Waltz',
  'Blues',
];
const SUFFIXES = ['', '', '', '', '', '', ' (Live)', ' (Remix)', ' (Reprise)', ' Pt. 2'];

export function generateTitle(random: Random, index: number): string {
  const adjective = ADJECTIVES[random.int(0, ADJECTIVES.length - 1)];
  const noun = NOUNS[random.int(0, NOUNS.length - 1)];
  return `${adjective} ${noun}${SUFFIXES[random.int(0, SUFFIXES.length - 1)]} ${index}`;
}
