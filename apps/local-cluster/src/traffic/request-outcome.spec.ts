import { describe, expect, it } from 'vitest';
import { outcomeOfStatus } from './request-outcome';

describe('outcomeOfStatus', () => {
  it('classes answers by status family', () => {
    expect([200, 204, 304, 404, 429, 500, 503, 0, 99, 600].map(outcomeOfStatus)).toEqual([
      'ok',
      'ok',
      'ok',
      'http_4xx',
      'http_4xx',
      'http_5xx',
      'http_5xx',
      'error',
      'error',
      'error',
    ]);
  });
});
