import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkPhoto, followUpAllowed, movePlan, PLAN_STATUSES, sniffImageType } from './inspections.js'

const JPEG = [0xff, 0xd8, 0xff, 0xe0]
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]
const WEBP = [0x52, 0x49, 0x46, 0x46, 1, 2, 3, 4, 0x57, 0x45, 0x42, 0x50]

describe('use-of-funds photos', () => {
  it('knows JPEG, PNG and WebP by their first bytes, whatever follows', () => {
    expect(sniffImageType(new Uint8Array([...JPEG, 1, 2]))).toBe('image/jpeg')
    expect(sniffImageType(new Uint8Array(PNG))).toBe('image/png')
    expect(sniffImageType(new Uint8Array(WEBP))).toBe('image/webp')
    // GIF, PDF, a RIFF that is a WAV, a truncated PNG, text.
    for (const bytes of [[0x47, 0x49, 0x46, 0x38], [0x25, 0x50, 0x44, 0x46], [0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x41, 0x56, 0x45], PNG.slice(0, 7), [...new TextEncoder().encode('hello')]])
      expect(sniffImageType(new Uint8Array(bytes))).toBeNull()
  })

  it('refuses an empty photo, one over the limit and one of another type, with named codes', () => {
    expect(checkPhoto(new Uint8Array(JPEG), 4)).toEqual({ ok: true, value: 'image/jpeg' })
    expect(checkPhoto(new Uint8Array(JPEG), 3)).toMatchObject({ ok: false, code: 'photo_too_large', details: { sizeBytes: 4, maxBytes: 3 } })
    expect(checkPhoto(new Uint8Array(), 10)).toMatchObject({ ok: false, code: 'photo_type_invalid' })
    expect(checkPhoto(new Uint8Array([1, 2, 3, 4]), 10)).toMatchObject({ ok: false, code: 'photo_type_invalid' })
  })

  it('accepts a buffer exactly when it is within the limit and starts like a JPEG', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 64 }), (bytes, max) => {
      const isJpeg = bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
      const result = checkPhoto(bytes, max)
      if (result.ok) expect(bytes.length <= max && result.value === sniffImageType(bytes)).toBe(true)
      if (isJpeg && bytes.length <= max) expect(result).toEqual({ ok: true, value: 'image/jpeg' })
    }))
  })
})

describe('inspection plans and follow-ups', () => {
  it('moves a plan forward or cancels it before completion, never back', () => {
    expect(movePlan('planned', 'in_progress')).toEqual({ ok: true, value: 'in_progress' })
    expect(movePlan('in_progress', 'completed')).toEqual({ ok: true, value: 'completed' })
    expect(movePlan('planned', 'cancelled')).toMatchObject({ ok: true })
    expect(movePlan('planned', 'completed')).toMatchObject({ ok: false, code: 'inspection_plan_transition_invalid' })
    for (const to of PLAN_STATUSES) {
      expect(movePlan('completed', to).ok).toBe(false)
      expect(movePlan('cancelled', to).ok).toBe(false)
    }
  })

  it('allows a recall only for a loan found misused or not found, no follow-up for a clean finding', () => {
    expect(followUpAllowed('recall', 'misused', true)).toMatchObject({ ok: true })
    expect(followUpAllowed('recall', 'not_found', true)).toMatchObject({ ok: true })
    expect(followUpAllowed('recall', 'misused', false)).toMatchObject({ ok: false, code: 'inspection_action_not_allowed' })
    expect(followUpAllowed('discipline', 'misused', false)).toMatchObject({ ok: true })
    expect(followUpAllowed('refund', 'used_correctly', true)).toMatchObject({ ok: false })
  })
})
