export * from './dashboard.js'
