import { PGlite } from '@electric-sql/pglite'
import { openApp } from './src/app/open-app.js'
let t=Date.now()
const app = await openApp({ dataDir: '/tmp/fs1' } as any)
console.log('openApp', Date.now()-t); t=Date.now()
const { migrateToLatestApp } = await import('./src/app/open-app.js') as any
