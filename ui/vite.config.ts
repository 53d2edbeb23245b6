import { defineConfig } from 'vitest/config';

// Tauri serves ui/dist from its own protocol; in development it loads the dev server below.
export default defineConfig({
  clearScreen: false,
  server: {
    port: 5173,
    strictPort: true,
  },
  build: {
    // Linux runs the app in WebKitGTK; Safari 15 is the oldest engine we need to support.
    target: 'safari15',
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
