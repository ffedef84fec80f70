/**
 * Passwords sealed for one reader: the language server makes a key pair per request, the
 * client encrypts the password to its public key (X25519 key agreement, HKDF-SHA-256,
 * AES-256-GCM). What crosses the LSP wire, and so what `pgsight.trace.server: verbose`
 * logs, is ciphertext only.
 */
import crypto from 'node:crypto';
import type { SealedPassword } from './protocol';

const info = Buffer.from('pgsight/password v1');

function importKey(base64: string): crypto.KeyObject {
  return crypto.createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
}

function exportKey(key: crypto.KeyObject): string {
  return key.export({ type: 'spki', format: 'der' }).toString('base64');
}

function sharedKey(privateKey: crypto.KeyObject, publicKey: crypto.KeyObject): Buffer {
  const secret = crypto.diffieHellman({ privateKey, publicKey });
  return Buffer.from(crypto.hkdfSync('sha256', secret, Buffer.alloc(0), info, 32));
}

export interface PasswordRecipient {
  /** Sent in the request (base64 DER). */
  publicKey: string;
  /** Decrypts an answer; throws when it was not sealed to this key or was altered. */
  open(sealed: SealedPassword): string;
}

/** A one-time key pair for one password request. */
export function passwordRecipient(): PasswordRecipient {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('x25519');
  return {
    publicKey: exportKey(publicKey),
    open(sealed) {
      const key = sharedKey(privateKey, importKey(sealed.ephemeralKey));
      const decipher = crypto.createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8');
    },
  };
}

/** Encrypts `password` so that only the holder of `recipientKey`'s private key reads it. */
export function sealPassword(recipientKey: string, password: string): SealedPassword {
  const ephemeral = crypto.generateKeyPairSync('x25519');
  const key = sharedKey(ephemeral.privateKey, importKey(recipientKey));
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return {
    ephemeralKey: exportKey(ephemeral.publicKey),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
}
