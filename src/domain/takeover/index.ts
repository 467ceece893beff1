export * from './takeover-columns.js'
export * from './takeover-rows.js'
export * from './reconcile.js'
