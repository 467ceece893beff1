export * from './interest.js'
export * from './schedule.js'
export * from './loan.js'
