export { checkIntegrity } from './check-integrity';
export type { IntegrityOptions, IntegrityReport, IntegrityTarget, SimilarMismatch } from './check-integrity';
export { catalogsAgree, compareCatalogs, sampleEvenly, songVersion } from './catalog-comparison';
export type { CatalogDifference, CatalogSong } from './catalog-comparison';
export { similarAnswersAgree } from './similar-comparison';
export type { SimilarAnswer, SimilarEntry } from './similar-comparison';
