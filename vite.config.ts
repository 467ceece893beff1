import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The web app lives in src/web and builds into dist/web, which the API server serves
// (assets under /assets/, index.html for every other non-API path).
export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // antd and React make one ~1.3 MB chunk (≈400 kB gzipped): expected for an internal app.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
})
