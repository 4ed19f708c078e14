import { describe, expect, it } from 'vitest';
import { AuthSettingsError, loadAuthSettings } from './auth-settings';

const ALICE = 'a1b2c3d4e5f60718293a4b5c';
const BOB = 'ffeeddccbbaa99887766:5544';

describe('loadAuthSettings', () => {
  it('reads named tokens, read-write and read-only; a token may hold colons', () => {
    const settings = loadAuthSettings({
      RUNNER_TOKENS: ` alice:${ALICE} , `,
      RUNNER_READONLY_TOKENS: `sre-bob:${BOB}`,
    });
    expect(settings.tokens).toEqual([
      { name: 'alice', token: ALICE, access: 'read-write' },
      { name: 'sre-bob', token: BOB, access: 'read-only' },
    ]);
  });

  it('has no tokens when none are set, so nothing guarded is let through', () => {
    expect(loadAuthSettings({}).tokens).toEqual([]);
  });

  it.each([
    [{ RUNNER_TOKENS: ALICE }, /RUNNER_TOKENS: entry 1: must be name:token$/],
    [{ RUNNER_TOKENS: `al ice:${ALICE}` }, /RUNNER_TOKENS: entry 1: the name must be/],
    [
      { RUNNER_TOKENS: `alice:${ALICE},bob:short` },
      /RUNNER_TOKENS: entry 2 \("bob"\): the token must be at least 16 characters/,
    ],
    [{ RUNNER_READONLY_TOKENS: `bob:${BOB} x` }, /RUNNER_READONLY_TOKENS: .*must not contain spaces/],
    [
      { RUNNER_TOKENS: `alice:${ALICE}`, RUNNER_READONLY_TOKENS: `alice:${BOB}` },
      /the name "alice" is used more than once/,
    ],
    [
      { RUNNER_TOKENS: `alice:${ALICE}`, RUNNER_READONLY_TOKENS: `bob:${ALICE}` },
      /the token of "bob" is also another name's token/,
    ],
  ])('refuses %j naming the variable and the entry', (env, message) => {
    expect(() => loadAuthSettings(env)).toThrow(AuthSettingsError);
    expect(() => loadAuthSettings(env)).toThrow(message);
  });

  it("reads Alertmanager's webhook token apart from the others, and refuses one that is also a person's", () => {
    const WEBHOOK = '0123456789abcdef0123';
    expect(loadAuthSettings({ RUNNER_TOKENS: `alice:${ALICE}`, RUNNER_WEBHOOK_TOKEN: WEBHOOK })).toEqual({
      tokens: [{ name: 'alice', token: ALICE, access: 'read-write' }],
      webhookToken: WEBHOOK,
    });
    expect(loadAuthSettings({ RUNNER_WEBHOOK_TOKEN: '' })).toEqual({ tokens: [] });
    expect(() => loadAuthSettings({ RUNNER_WEBHOOK_TOKEN: 'short' })).toThrow(
      /RUNNER_WEBHOOK_TOKEN: must be at least 16 characters/,
    );
    expect(() => loadAuthSettings({ RUNNER_READONLY_TOKENS: `bob:${BOB}`, RUNNER_WEBHOOK_TOKEN: BOB })).toThrow(
      /RUNNER_WEBHOOK_TOKEN: must differ from every token/,
    );
  });

  it('never repeats a token in its messages', () => {
    for (const env of [
      { RUNNER_TOKENS: `alice:${ALICE}`, RUNNER_READONLY_TOKENS: `bob:${ALICE}` },
      { RUNNER_TOKENS: ALICE },
    ]) {
      expect(() => loadAuthSettings(env)).toThrow(AuthSettingsError);
      expect(() => loadAuthSettings(env)).not.toThrow(ALICE);
    }
  });
});
