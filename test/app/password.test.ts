import { describe, expect, it } from 'vitest'
import { checkPasswordStrength, generatePassword, hashPassword, verifyPassword } from '../../src/app/password.js'

describe('passwords', () => {
  it('generates passwords the policy accepts, all different, with no fixed part', () => {
    const many = Array.from({ length: 200 }, () => generatePassword())
    for (const p of many) {
      expect(p).toHaveLength(16)
      expect(checkPasswordStrength(p).ok).toBe(true)
    }
    expect(new Set(many).size).toBe(many.length)
    // No position holds the same character in every password (a fixed suffix would).
    for (let i = 0; i < 16; i++) expect(new Set(many.map((p) => p[i])).size).toBeGreaterThan(1)
  })

  it('refuses short or letter-only or digit-only passwords', () => {
    for (const weak of ['short1', 'onlyletterslong', '12345678901']) expect(checkPasswordStrength(weak)).toMatchObject({ ok: false, code: 'password_too_weak' })
  })

  it('verifies a password against its hash and refuses another', async () => {
    const hash = await hashPassword('Đúng-mật-khẩu-1')
    expect(await verifyPassword('Đúng-mật-khẩu-1', hash)).toBe(true)
    expect(await verifyPassword('Sai-mật-khẩu-1', hash)).toBe(false)
  })
})
