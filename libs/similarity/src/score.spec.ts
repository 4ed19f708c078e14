import { describe, expect, it } from 'vitest';
import { compareScores, displayScore } from './score';

describe('scores as fractions', () => {
  it('ties equal fractions exactly, whatever their terms', () => {
    expect(compareScores(1, 3, 2, 6)).toBe(0);
    expect(compareScores(43, 129, 1, 3)).toBe(0);
    expect(compareScores(2, 3, 3, 5)).toBeGreaterThan(0);
    expect(compareScores(1, 2, 4, 7)).toBeLessThan(0);
  });

  it('rounds the displayed score to 6 decimals', () => {
    expect(displayScore(1, 3)).toBe(0.333333);
    expect(displayScore(2, 3)).toBe(0.666667);
    expect(displayScore(3, 3)).toBe(1);
    expect(displayScore(0, 0)).toBe(0);
  });
});
