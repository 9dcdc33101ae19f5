import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { AppError } from './errors.ts';

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** At least 10 characters with letters and digits. */
export function assertPasswordStrength(password: string): void {
  if (password.length < 10 || password.length > 200 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError('PASSWORD_TOO_WEAK');
  }
}

/** A one-time password: 14 characters from an alphabet without look-alikes, letters and digits both present. */
export function generateOneTimePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const alphabet = letters + digits;
  for (;;) {
    let password = '';
    for (let index = 0; index < 14; index += 1) password += alphabet[randomInt(alphabet.length)];
    if (/[A-Za-z]/.test(password) && /\d/.test(password)) return password;
  }
}
