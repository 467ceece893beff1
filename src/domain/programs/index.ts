export * from './terms.js'
export * from './eligibility.js'
export * from './terms-json.js'
