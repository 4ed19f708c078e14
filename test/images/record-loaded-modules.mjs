// Preloaded (NODE_OPTIONS=--import) into a program started from an image's layout: writes every file
// the program loaded to SCALE_TEST_LOADED_MODULES when it exits, so the test can tell whether it
// needed a package that a production install leaves out, or a file the image does not have.
import { writeFileSync } from 'node:fs';
import { registerHooks } from 'node:module';

const loaded = new Set();
registerHooks({
  resolve(specifier, context, nextResolve) {
    const resolved = nextResolve(specifier, context);
    if (resolved.url.startsWith('file:')) loaded.add(resolved.url);
    return resolved;
  },
});
process.on('exit', () => writeFileSync(process.env.SCALE_TEST_LOADED_MODULES, [...loaded].join('\n')));
