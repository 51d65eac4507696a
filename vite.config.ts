import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const src = fileURLToPath(new URL('./src', import.meta.url));

/**
 * `npm run build`: the merchant console (src/console) and the demo shop (src/shop) in one multi-page build, to
 * dist/console/index.html and dist/shop/index.html. Hashed scripts and styles, including the chunk both pages share
 * (Preact), go to dist/console/assets and are served at /console/assets/ (src/http/static.ts).
 */
export default defineConfig({
  root: src,
  base: '/',
  publicDir: false,
  plugins: [preact()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'console/assets',
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      input: {
        console: `${src}/console/index.html`,
        shop: `${src}/shop/index.html`,
      },
    },
  },
});
