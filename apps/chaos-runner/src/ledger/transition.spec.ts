import { describe, expect, it } from 'vitest';
import { transitionOf } from './transition';

const firing = { endsAt: null };
const resolved = { endsAt: new Date('2026-01-05T10:02:00Z') };

describe('transitionOf', () => {
  it('creates an occurrence the ledger has not seen, firing or already resolved', () => {
    expect(transitionOf(null, 'firing')).toBe('created-firing');
    expect(transitionOf(null, 'resolved')).toBe('created-resolved');
  });

  it('resolves a firing occurrence', () => {
    expect(transitionOf(firing, 'resolved')).toBe('resolved');
  });

  it('changes nothing on a redelivery or a repeat', () => {
    expect(transitionOf(firing, 'firing')).toBe('unchanged');
    expect(transitionOf(resolved, 'resolved')).toBe('unchanged');
  });

  it('never reopens a resolved occurrence', () => {
    expect(transitionOf(resolved, 'firing')).toBe('stale');
  });
});
