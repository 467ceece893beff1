/**
 * Folds Vietnamese text for search: lower case, no diacritics, đ → d, single spaces. The
 * database has the same function (`tdcs_fold`, migration 0005); a test proves they agree.
 *
 * @example foldVietnamese('Phường Đông Hưng Thuận') === 'phuong dong hung thuan'
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}
