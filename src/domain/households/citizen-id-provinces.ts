/**
 * The province codes that open a citizen identity number (số định danh cá nhân / CCCD): the
 * province where the citizen's birth was registered.
 *
 * Legal basis: Circular 07/2016/TT-BCA, Article 7 and its annex (codes of the provinces and
 * centrally-run cities where citizens register their birth), kept unchanged by Circular
 * 59/2021/TT-BCA, Article 7. The codes are the historical GSO province codes of the 63 provinces
 * before 01/07/2025 with a leading zero. They describe where a birth was registered, so they do
 * not change when provinces are merged: a person born in Hà Giang keeps 002 after Hà Giang
 * became part of Tuyên Quang.
 */
export const CITIZEN_ID_PROVINCES_LEGAL_BASIS = 'Thông tư 07/2016/TT-BCA, Điều 7; Thông tư 59/2021/TT-BCA, Điều 7'

/** Code → name of the province at the time the list was issued. */
export const CITIZEN_ID_PROVINCES: Readonly<Record<string, string>> = Object.freeze({
  '001': 'Hà Nội',
  '002': 'Hà Giang',
  '004': 'Cao Bằng',
  '006': 'Bắc Kạn',
  '008': 'Tuyên Quang',
  '010': 'Lào Cai',
  '011': 'Điện Biên',
  '012': 'Lai Châu',
  '014': 'Sơn La',
  '015': 'Yên Bái',
  '017': 'Hòa Bình',
  '019': 'Thái Nguyên',
  '020': 'Lạng Sơn',
  '022': 'Quảng Ninh',
  '024': 'Bắc Giang',
  '025': 'Phú Thọ',
  '026': 'Vĩnh Phúc',
  '027': 'Bắc Ninh',
  '030': 'Hải Dương',
  '031': 'Hải Phòng',
  '033': 'Hưng Yên',
  '034': 'Thái Bình',
  '035': 'Hà Nam',
  '036': 'Nam Định',
  '037': 'Ninh Bình',
  '038': 'Thanh Hóa',
  '040': 'Nghệ An',
  '042': 'Hà Tĩnh',
  '044': 'Quảng Bình',
  '045': 'Quảng Trị',
  '046': 'Thừa Thiên Huế',
  '048': 'Đà Nẵng',
  '049': 'Quảng Nam',
  '051': 'Quảng Ngãi',
  '052': 'Bình Định',
  '054': 'Phú Yên',
  '056': 'Khánh Hòa',
  '058': 'Ninh Thuận',
  '060': 'Bình Thuận',
  '062': 'Kon Tum',
  '064': 'Gia Lai',
  '066': 'Đắk Lắk',
  '067': 'Đắk Nông',
  '068': 'Lâm Đồng',
  '070': 'Bình Phước',
  '072': 'Tây Ninh',
  '074': 'Bình Dương',
  '075': 'Đồng Nai',
  '077': 'Bà Rịa - Vũng Tàu',
  '079': 'TP. Hồ Chí Minh',
  '080': 'Long An',
  '082': 'Tiền Giang',
  '083': 'Bến Tre',
  '084': 'Trà Vinh',
  '086': 'Vĩnh Long',
  '087': 'Đồng Tháp',
  '089': 'An Giang',
  '091': 'Kiên Giang',
  '092': 'Cần Thơ',
  '093': 'Hậu Giang',
  '094': 'Sóc Trăng',
  '095': 'Bạc Liêu',
  '096': 'Cà Mau',
})

export const CITIZEN_ID_PROVINCE_CODES: readonly string[] = Object.freeze(Object.keys(CITIZEN_ID_PROVINCES))
