export * from './plan-period.js'
export * from './plan-lines.js'
export * from './plan-room.js'
