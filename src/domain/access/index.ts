export * from './roles.js'
export * from './scope.js'
export * from './maker-checker.js'
