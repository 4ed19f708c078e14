export { generateCorpus, generateSong } from './generator';
export type { GeneratedSong } from './generator';
export { createRandom } from './random';
export type { Random } from './random';
