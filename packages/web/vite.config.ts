import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dashboard is served by `blinkpost serve` from dist/; in development Vite proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, target: 'es2022' },
  server: {
    proxy: { '/api': process.env.BLINKPOST_URL ?? 'http://127.0.0.1:8080' },
  },
});
