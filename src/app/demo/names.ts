import type { Random } from './random.js'

/**
 * Synthetic Vietnamese names from syllable lists: the product ships no third-party dataset, so the
 * sample province, its communes, villages and people are made up here.
 */
const FAMILY = ['Nguyễn', 'Hoàng', 'Lương', 'Nông', 'Vi', 'Lăng', 'Hoàng', 'Lý', 'Triệu', 'Đinh', 'Chu', 'Lộc', 'Mông', 'Hà', 'Trần', 'Lê', 'Phạm', 'Vũ', 'Đặng', 'Bế', 'Ma', 'Dương']
const MIDDLE_MALE = ['Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Công', 'Đình']
const MIDDLE_FEMALE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Kim', 'Hồng']
const GIVEN_MALE = ['An', 'Bình', 'Cường', 'Dũng', 'Hùng', 'Hải', 'Khánh', 'Long', 'Mạnh', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Tuấn', 'Việt', 'Vượng', 'Thành', 'Lâm', 'Tùng']
const GIVEN_FEMALE = ['Anh', 'Chi', 'Dung', 'Hà', 'Hoa', 'Hương', 'Lan', 'Liên', 'Mai', 'Nga', 'Nhung', 'Phương', 'Quyên', 'Thảo', 'Thu', 'Trang', 'Tuyết', 'Vân', 'Xuân', 'Yến']
const PLACE_A = ['Bắc', 'Đông', 'Tân', 'Hữu', 'Bình', 'Yên', 'Hòa', 'Quang', 'Thanh', 'Vân', 'Hồng', 'Kim', 'Xuân', 'Minh', 'Tú', 'Chi', 'Nhất', 'Gia', 'Khánh', 'Phú']
const PLACE_B = ['Sơn', 'Lũng', 'Khê', 'Lâm', 'Thịnh', 'An', 'Bình', 'Phong', 'Lộc', 'Tiến', 'Hưng', 'Xá', 'Mai', 'Đồng', 'Thủy', 'Quan', 'Lợi', 'Hòa', 'Yên', 'Linh']
const VILLAGE_A = ['Nà', 'Khuổi', 'Pác', 'Bản', 'Khòn', 'Còn', 'Nà', 'Phai', 'Lũng', 'Pò']
const VILLAGE_B = ['Cạn', 'Lầy', 'Mạ', 'Slam', 'Pàn', 'Tà', 'Rộng', 'Cháo', 'Sla', 'Nưa', 'Bó', 'Mò', 'Lìn', 'Chang', 'Thín']

export const ETHNICITIES = [['Tày', 35], ['Nùng', 42], ['Kinh', 16], ['Dao', 4], ['Sán Chay', 2], ['H\u2019Mông', 1]] as const

export function personName(r: Random, sex: 'male' | 'female', family?: string): string {
  const f = family ?? r.pick(FAMILY)
  return sex === 'male' ? `${f} ${r.pick(MIDDLE_MALE)} ${r.pick(GIVEN_MALE)}` : `${f} ${r.pick(MIDDLE_FEMALE)} ${r.pick(GIVEN_FEMALE)}`
}

export const familyName = (r: Random): string => r.pick(FAMILY)

/** Distinct two-syllable place names ('Tân Lộc'), as many as asked. */
export function placeNames(r: Random, count: number, used = new Set<string>()): string[] {
  const out: string[] = []
  for (let guard = 0; out.length < count && guard < count * 50; guard++) {
    const name = `${r.pick(PLACE_A)} ${r.pick(PLACE_B)}`
    if (used.has(name)) continue
    used.add(name)
    out.push(name)
  }
  for (let i = out.length; i < count; i++) out.push(`${r.pick(PLACE_A)} ${r.pick(PLACE_B)} ${i + 1}`)
  return out
}

export function villageNames(r: Random, count: number): string[] {
  const used = new Set<string>()
  const out: string[] = []
  for (let guard = 0; out.length < count && guard < count * 50; guard++) {
    const name = `Thôn ${r.pick(VILLAGE_A)} ${r.pick(VILLAGE_B)}`
    if (used.has(name)) continue
    used.add(name)
    out.push(name)
  }
  for (let i = out.length; i < count; i++) out.push(`Thôn ${i + 1}`)
  return out
}
