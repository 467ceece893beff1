import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { fail, ok, type Result } from '../domain/shared/index.js'

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  )

/** scrypt cost: N=2^15, r=8, p=1 (about 50 ms here); stored with the hash so it can be raised later. */
const DEFAULT_COST = { N: 32768, r: 8, p: 1 } as const
const KEY_LENGTH = 32
const MIN_PASSWORD_LENGTH = 10

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const { N, r, p } = DEFAULT_COST
  const key = await scrypt(password, salt, KEY_LENGTH, { N, r, p, maxmem: 64 * 1024 * 1024 })
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltB64, keyB64] = stored.split('$')
  if (scheme !== 'scrypt' || !saltB64 || !keyB64) return false
  const expected = Buffer.from(keyB64, 'base64')
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n), r: Number(r), p: Number(p), maxmem: 64 * 1024 * 1024,
  })
  return timingSafeEqual(key, expected)
}

/** A password policy a bank would accept for staff: length, and both letters and digits. */
export function checkPasswordStrength(password: string): Result<void> {
  if (password.length < MIN_PASSWORD_LENGTH || !/\p{L}/u.test(password) || !/\d/.test(password))
    return fail('password_too_weak', { minLength: MIN_PASSWORD_LENGTH })
  return ok(undefined)
}

/** A random password for the first administrator: 16 characters, letters and digits guaranteed. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  // 16 characters drawn without modulo bias (about 93 bits), drawn again until the policy holds.
  for (;;) {
    const password = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('')
    if (checkPasswordStrength(password).ok) return password
  }
}
