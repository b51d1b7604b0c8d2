import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/**
 * Discord signs every request to an Interactions Endpoint with the application's Ed25519 key: the signature
 * (`X-Signature-Ed25519`, hex) is over the timestamp (`X-Signature-Timestamp`) followed by the raw body. Discord
 * also sends badly signed requests on purpose, and removes the endpoint of an application that accepts them.
 */

/** DER header of an Ed25519 SubjectPublicKeyInfo (RFC 8410): what precedes the raw 32-byte key. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The public key from its hex form as the Developer Portal shows it (64 hex characters, 32 bytes). */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error('expected 64 hexadecimal characters');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Whether `signature` (hex) signs `timestamp` + `body` with `key`. Anything missing or garbled is not. */
export function verifySignature(
  key: KeyObject,
  signature: string | undefined,
  timestamp: string | undefined,
  body: Buffer,
): boolean {
  if (!signature || !timestamp || !/^[0-9a-f]{128}$/i.test(signature)) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}
