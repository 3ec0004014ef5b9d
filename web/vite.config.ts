import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built by the root package's `prepare` script into web/dist, which `dont-panic serve` serves.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1024 },
  logLevel: 'warn',
});
