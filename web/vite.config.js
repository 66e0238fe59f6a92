// Vite configuration of the serai web front end.
// Output goes to $SERAI_WEB_OUT (set by the CMake build) or ../build/web;
// `serai serve --web DIR` serves it at / next to the API (same origin).
import { defineConfig } from 'vite';

const apiTarget = process.env.SERAI_API || 'http://127.0.0.1:8091';

export default defineConfig({
  base: '/',
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  resolve: {
    alias: {
      react: 'preact/compat',
      'react-dom': 'preact/compat',
    },
  },
  build: {
    outDir: process.env.SERAI_WEB_OUT || '../build/web',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    chunkSizeWarningLimit: 1500,
  },
  server: {
    port: Number(process.env.SERAI_WEB_PORT || 5180),
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
    },
  },
});
