export { ObjectStore, ObjectStoreError, unquoteEtag } from './object-store';
export type { ObjectStoreOptions, ObjectStoreRequestListener, StoredObject, ReadResult } from './object-store';
export { StorageModule } from './storage.module';
