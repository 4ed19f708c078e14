export { ObjectStore, ObjectStoreError, unquoteEtag } from './object-store';
export type { ObjectStoreOptions, StoredObject, ReadResult } from './object-store';
export { StorageModule } from './storage.module';
