export { generateCatalogSongs } from './catalog-songs';
export type { GeneratedCatalogSong } from './catalog-songs';
export { writeGeneratedCatalog } from './catalog-writer';
export type { GeneratedCatalogOptions, GeneratedCatalogProgress, GeneratedCatalogResult } from './catalog-writer';
export { PROGRAM_WEIGHTS } from './program-weights';
