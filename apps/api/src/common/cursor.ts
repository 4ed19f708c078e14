import { UnprocessableEntityException } from '@nestjs/common';

/**
 * Pagination cursors are opaque to clients: the last id of the page, base64url-encoded, so that
 * pages stay stable while songs are added (keyset pagination, never OFFSET).
 */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`s${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const text = Buffer.from(cursor, 'base64url').toString();
  const id = /^s[1-9]\d{0,15}$/.test(text) ? Number(text.slice(1)) : NaN;
  // Well-formed (a string) but not one of ours: the request is understood and cannot be answered.
  if (!Number.isSafeInteger(id)) throw new UnprocessableEntityException('cursor is not a cursor this API returned');
  return id;
}
