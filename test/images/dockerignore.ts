import { posix } from 'node:path';

interface Rule {
  readonly pattern: RegExp;
  /** A `!pattern` line: puts back what an earlier line left out. */
  readonly include: boolean;
}

/**
 * Whether a build-context path is left out by a .dockerignore, read the way Docker reads it (unlike a
 * .gitignore): patterns are anchored at the context's root, `*` and `?` stop at `/`, `**` spans folders,
 * a path is left out when it or a folder above it matches, and the last matching line wins.
 */
export function dockerignore(text: string): (path: string) => boolean {
  const rules: Rule[] = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const include = line.startsWith('!');
      const cleaned = posix.normalize(include ? line.slice(1).trim() : line).replace(/^\/+/, '');
      return { pattern: toRegExp(cleaned), include };
    });
  return (path) => {
    const candidates = ancestorsAndSelf(posix.normalize(path).replace(/^\.?\/+/, ''));
    let excluded = false;
    for (const rule of rules) {
      if (candidates.some((candidate) => rule.pattern.test(candidate))) excluded = !rule.include;
    }
    return excluded;
  };
}

function ancestorsAndSelf(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, index) => parts.slice(0, index + 1).join('/'));
}

function toRegExp(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '*' && pattern[index + 1] === '*') {
      // `**/` may match no folder at all; a trailing `**` matches everything below.
      const slash = pattern[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end === -1) throw new Error(`unclosed [ in .dockerignore pattern ${pattern}`);
      source += `[${pattern.slice(index + 1, end).replace(/^!/, '^')}]`;
      index = end;
    } else if (char === '\\') {
      source += escape(pattern[++index] ?? '');
    } else {
      source += escape(char);
    }
  }
  return new RegExp(`^${source}$`);
}

function escape(char: string): string {
  return char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
}
