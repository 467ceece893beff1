export * from './transaction-point.js'
export * from './former-commune.js'
export * from './names.js'
