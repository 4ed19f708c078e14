import { createHash, timingSafeEqual } from 'node:crypto';
import type { Access, AuthSettings } from './auth-settings';

/** Who made a request, as far as the runner knows: the name of the token presented and what it may do. */
export interface Principal {
  readonly name: string;
  readonly access: Access;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Recognises tokens without telling an attacker anything through timing. Both sides are hashed first
 * so every comparison is between 32-byte digests (timingSafeEqual needs equal lengths, and comparing
 * raw tokens would reveal their length), and every known token is compared on every request, so the
 * time taken does not depend on which token matched, or whether one did.
 */
export class TokenRegistry {
  private readonly known: ReadonlyArray<{ digest: Buffer; principal: Principal }>;

  constructor(settings: AuthSettings) {
    this.known = settings.tokens.map(({ name, token, access }) => ({
      digest: digest(token),
      principal: { name, access },
    }));
  }

  identify(presented: string): Principal | null {
    const candidate = digest(presented);
    let found: Principal | null = null;
    for (const entry of this.known) {
      if (timingSafeEqual(candidate, entry.digest)) found = entry.principal;
    }
    return found;
  }

  get size(): number {
    return this.known.length;
  }
}
