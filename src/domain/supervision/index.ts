export * from './rules.js'
export * from './inspections.js'
export * from './nightly.js'
