import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Relative asset URLs (`base: './'`): the api serves the console at `/`, and a proxy may put it under a prefix.
// `@chronos/source` resolves the api client to its TypeScript source, so the console needs no prior build.
export default defineConfig({
  base: './',
  plugins: [react()],
  resolve: { conditions: ['@chronos/source'] },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
