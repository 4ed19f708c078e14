import { describe, expect, it } from 'vitest';
import { TokenRegistry } from './token-registry';

describe('TokenRegistry', () => {
  const registry = new TokenRegistry({
    tokens: [
      { name: 'alice', token: 'alice-token-0123456789', access: 'read-write' },
      { name: 'bob', token: 'bob-token-0123456789', access: 'read-only' },
    ],
  });

  it('names the holder of a known token and what it may do', () => {
    expect(registry.identify('alice-token-0123456789')).toEqual({ name: 'alice', access: 'read-write' });
    expect(registry.identify('bob-token-0123456789')).toEqual({ name: 'bob', access: 'read-only' });
  });

  it('knows nobody by a prefix, an extension, a different case or nothing', () => {
    for (const presented of ['alice-token-012345678', 'alice-token-01234567890', 'ALICE-TOKEN-0123456789', '']) {
      expect(registry.identify(presented)).toBeNull();
    }
  });

  it('knows nobody when no token is configured', () => {
    expect(new TokenRegistry({ tokens: [] }).identify('alice-token-0123456789')).toBeNull();
  });
});
