import { describe, expect, it } from 'vitest';
import { similarAnswersAgree, type SimilarAnswer, type SimilarEntry } from './similar-comparison';

/** `a:0.5:2` is song a, score 0.5, two shared instruments. */
const answer = (text: string, truncated = false): SimilarAnswer => ({
  entries: text
    .split(' ')
    .filter(Boolean)
    .map((item): SimilarEntry => {
      const [key, score, shared] = item.split(':');
      return { key, score: Number(score), sharedCount: Number(shared) };
    }),
  truncated,
});
const all = () => true;

describe('similarAnswersAgree', () => {
  it('agrees on the same answer', () => {
    expect(similarAnswersAgree(answer('a:0.9:3 b:0.5:2 c:0.2:1'), answer('a:0.9:3 b:0.5:2 c:0.2:1'), all)).toBe(true);
    expect(similarAnswersAgree(answer(''), answer(''), all)).toBe(true);
  });

  it('accepts songs of equal rank in another order (ids break ties, and they differ)', () => {
    expect(
      similarAnswersAgree(answer('a:0.9:3 b:0.5:2 c:0.5:2 d:0.1:1'), answer('a:0.9:3 c:0.5:2 b:0.5:2 d:0.1:1'), all),
    ).toBe(true);
  });

  it('refuses another song, another score, or a song missing from a complete answer', () => {
    expect(similarAnswersAgree(answer('a:0.9:3 b:0.5:2'), answer('a:0.9:3 x:0.5:2'), all)).toBe(false);
    expect(similarAnswersAgree(answer('a:0.9:3 b:0.5:2'), answer('a:0.9:3 b:0.4:2'), all)).toBe(false);
    expect(similarAnswersAgree(answer('a:0.9:3 b:0.5:2'), answer('a:0.9:3 b:0.5:1'), all)).toBe(false);
    expect(similarAnswersAgree(answer('a:0.9:3 b:0.5:2'), answer('a:0.9:3'), all)).toBe(false);
    expect(similarAnswersAgree(answer('a:0.9:3'), answer('a:0.9:3 b:0.5:2'), all)).toBe(false);
  });

  it('refuses a complete answer shorter than a truncated one', () => {
    expect(similarAnswersAgree(answer('a:0.9:3', false), answer('a:0.9:3 b:0.5:2', true), all)).toBe(false);
  });

  it('compares a truncated answer as a prefix of the other', () => {
    expect(similarAnswersAgree(answer('a:0.9:3 b:0.5:2', true), answer('a:0.9:3 b:0.5:2 c:0.2:1', false), all)).toBe(
      true,
    );
    expect(similarAnswersAgree(answer('a:0.9:3 x:0.5:2', true), answer('a:0.9:3 b:0.5:2 c:0.2:1', false), all)).toBe(
      false,
    );
  });

  it('lets a cut run of equal rank hold any of the songs of that rank', () => {
    // The limit cut the run of 0.5s: which of b, c, d made it depends on the ids.
    expect(
      similarAnswersAgree(answer('a:0.9:3 b:0.5:2 c:0.5:2', true), answer('a:0.9:3 d:0.5:2 b:0.5:2', true), all),
    ).toBe(true);
    // One side shows the whole run (a lower rank follows): the other's cut run must be among it.
    expect(
      similarAnswersAgree(answer('a:0.9:3 b:0.5:2 c:0.5:2 e:0.1:1', false), answer('a:0.9:3 c:0.5:2', true), all),
    ).toBe(true);
    expect(
      similarAnswersAgree(answer('a:0.9:3 b:0.5:2 c:0.5:2 e:0.1:1', false), answer('a:0.9:3 x:0.5:2', true), all),
    ).toBe(false);
    // A run that is not the last must hold the same songs even in truncated answers.
    expect(
      similarAnswersAgree(answer('a:0.5:2 b:0.5:2 c:0.1:1', true), answer('a:0.5:2 x:0.5:2 c:0.1:1', true), all),
    ).toBe(false);
  });

  it('leaves out songs that are not comparable (added after the catalogs were compared)', () => {
    const compared = (key: string) => !key.startsWith('new');
    // A new song ranked first in control only: without it the answers agree.
    expect(
      similarAnswersAgree(answer('new1:1:3 a:0.9:3 b:0.5:2', true), answer('a:0.9:3 b:0.5:2 c:0.2:1', true), compared),
    ).toBe(true);
    expect(
      similarAnswersAgree(answer('new1:1:3 a:0.9:3 b:0.5:2', false), answer('a:0.9:3 b:0.5:2', false), compared),
    ).toBe(true);
    expect(similarAnswersAgree(answer('new1:1:3 a:0.9:3', false), answer('a:0.9:3 b:0.5:2', false), compared)).toBe(
      false,
    );
  });
});
