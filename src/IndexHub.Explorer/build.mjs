// Builds the explorer into src/IndexHub.Api/wwwroot/explorer: content-hashed scripts and styles under assets/
// (served with a year-long immutable cache) and the two HTML shells that name them (served short-lived).
// Deterministic: the same sources and lockfile give the same bytes, which CI checks with git diff.
import { build } from 'esbuild';
import { rm, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.resolve(here, '../IndexHub.Api/wwwroot/explorer');
const assets = path.join(out, 'assets');
const publicPath = '/explorer/assets';

await rm(out, { recursive: true, force: true });
await mkdir(assets, { recursive: true });

const result = await build({
  absWorkingDir: here,
  entryPoints: { main: 'src/main.js', embed: 'src/embed.js' },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  charset: 'utf8',
  legalComments: 'eof',
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  outdir: assets,
  metafile: true,
  sourcemap: false,
  logLevel: 'warning',
});

const built = {};
for (const [file, meta] of Object.entries(result.metafile.outputs)) {
  if (!meta.entryPoint) {
    if (file.endsWith('.css')) {
      const name = path.basename(file).split('-')[0];
      built[name] = { ...built[name], css: `${publicPath}/${path.basename(file)}` };
    }
    continue;
  }
  const name = path.basename(file).split('-')[0];
  built[name] = { ...built[name], js: `${publicPath}/${path.basename(file)}` };
  if (meta.cssBundle) built[name].css = `${publicPath}/${path.basename(meta.cssBundle)}`;
}

const shell = (entry, title, description) => `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="description" content="${description}">
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${entry.css}">
<script type="module" src="${entry.js}"></script>
</head>
<body>
<div id="app"><noscript>IndexHub Explorer needs JavaScript; the data itself is at /api/v1 and /swagger.</noscript></div>
</body>
</html>
`;

await writeFile(path.join(out, 'index.html'), shell(built.main, 'IndexHub Explorer', 'Chỉ số quản trị và hành chính công của Việt Nam: PAR, SIPAS, PCI, PAPI, DTI.'));
await writeFile(path.join(out, 'embed.html'), shell(built.embed, 'IndexHub scorecard', 'Thẻ điểm chỉ số của một tỉnh, thành phố.'));
for (const [name, entry] of Object.entries(built)) console.log(`${name}: ${entry.js} ${entry.css}`);
