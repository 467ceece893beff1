export * from './chart.js'
export * from './account-key.js'
export * from './journal-entry.js'
