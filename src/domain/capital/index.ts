export * from './agreement.js'
export * from './pools.js'
