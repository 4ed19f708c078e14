import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ObjectStore, ObjectStoreOptions } from './object-store';

@Module({})
export class StorageModule implements OnApplicationShutdown {
  constructor(@Inject(ObjectStore) private readonly store: ObjectStore) {}

  static forRoot(options: ObjectStoreOptions): DynamicModule {
    return {
      module: StorageModule,
      global: true,
      providers: [{ provide: ObjectStore, useFactory: () => new ObjectStore(options) }],
      exports: [ObjectStore],
    };
  }

  onApplicationShutdown(): void {
    this.store.destroy();
  }
}
