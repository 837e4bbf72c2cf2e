/**
 * The last part of `npm run build`: the web console (src/console/, Preact + htm) bundled by esbuild
 * into dist/console/ — one script, its stylesheet and the page — which the mock serves at /__ui
 * (src/engine/admin/console-files.ts). Nothing is fetched at run time; Swagger UI's files are served
 * from the swagger-ui-dist package.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const src = fileURLToPath(new URL('../src/console/', import.meta.url));
const out = fileURLToPath(new URL('../dist/console/', import.meta.url));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [`${src}main.ts`],
  outfile: `${out}app.js`,
  bundle: true,
  format: 'esm',
  target: 'es2020',
  minify: true,
  legalComments: 'linked',
  logLevel: 'warning',
});
copyFileSync(`${src}index.html`, `${out}index.html`);
copyFileSync(`${src}console.css`, `${out}console.css`);
