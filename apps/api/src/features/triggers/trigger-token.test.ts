import { describe, expect, it } from 'vitest';
import { generateTriggerToken, hashTriggerToken, isTriggerTokenValid } from './trigger-token.js';

describe('trigger tokens', () => {
  it('gives a fresh 32-byte token each time and stores only its SHA-256', () => {
    const first = generateTriggerToken();
    const second = generateTriggerToken();
    expect(Buffer.from(first.token, 'base64url')).toHaveLength(32);
    expect(first.token).not.toBe(second.token);
    expect(first.hash).toBe(hashTriggerToken(first.token));
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.hash).not.toContain(first.token);
  });

  it('accepts only the token whose hash is stored, and nothing for an unknown flow', () => {
    const { token, hash } = generateTriggerToken();
    expect(isTriggerTokenValid(token, hash)).toBe(true);
    expect(isTriggerTokenValid(`${token}x`, hash)).toBe(false);
    expect(isTriggerTokenValid(token, generateTriggerToken().hash)).toBe(false);
    expect(isTriggerTokenValid(token, null)).toBe(false);
    expect(isTriggerTokenValid(token, 'not a hash')).toBe(false);
  });
});
