import { configDefaults, defineConfig } from 'vitest/config';
import swc from 'unplugin-swc';
import { resolve } from 'node:path';

// SWC compiles the tests as it compiles the apps, so NestJS and TypeORM decorator metadata is there.
const alias = Object.fromEntries(
  [
    'midi',
    'catalog',
    'config',
    'storage',
    'embedded-servers',
    'midi-generator',
    'telemetry',
    'similarity',
    'monitoring-stack',
    'chaos',
    'http-contract',
  ].map((lib) => [`@scale/${lib}`, resolve(__dirname, `libs/${lib}/src`)]),
);

export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: { alias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'observability/**/*.spec.ts', 'bench/**/*.spec.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          // The Kubernetes tests are a project of their own: they need a control plane, not Postgres and S3.
          exclude: [...configDefaults.exclude, 'test/kubernetes/**'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // The suites share one embedded Postgres and one S3 server started in globalSetup.
          globalSetup: ['test/support/global-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
      {
        extends: true,
        test: {
          name: 'kubernetes',
          include: ['test/kubernetes/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // The suites share one control plane (etcd, apiserver, controllers, scheduler, KWOK) from globalSetup.
          globalSetup: ['test/kubernetes/support/global-setup.ts'],
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
