// The interface's display formats: whole đồng with dot grouping, and the short ticks of money axes
// in the reader's language (a Vietnamese reader sees '1,5 tỷ', never '1,500,000,000').
import { describe, expect, it } from 'vitest'
import { formatDong, formatDongShort } from '../../src/web/shared/format.js'

describe('money on screen', () => {
  it('writes whole đồng with dots and the sign first', () => {
    expect(formatDong('1500000')).toBe('1.500.000 ₫')
    expect(formatDong('-2333334')).toBe('-2.333.334 ₫')
    expect(formatDong('0')).toBe('0 ₫')
  })

  it('shortens axis ticks to tỷ, triệu and nghìn in Vietnamese, bn, m and k in English', () => {
    expect(formatDongShort(1_500_000_000, 'vi')).toBe('1,5 tỷ')
    expect(formatDongShort(1_500_000_000, 'en')).toBe('1.5 bn')
    expect(formatDongShort(180_000_000, 'vi')).toBe('180 tr')
    expect(formatDongShort(180_000_000, 'en')).toBe('180 m')
    expect(formatDongShort(12_000_000_000, 'vi')).toBe('12 tỷ')
    expect(formatDongShort(25_000, 'vi')).toBe('25 nghìn')
    expect(formatDongShort(-3_250_000, 'vi')).toBe('-3,3 tr')
    expect(formatDongShort(0, 'vi')).toBe('0')
    expect(formatDongShort(950, 'en')).toBe('950')
  })
})
