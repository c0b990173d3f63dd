// Bundle the CLI and the API with esbuild: one module graph loads much faster
// than hundreds of small ESM files (start-up dominates a one-document build).
import {build} from 'esbuild'
import {createHash} from 'node:crypto'
import {readdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
// Loaded at run time from node_modules: large data (plugin-csl's styles) and the
// print stack (Puppeteer does not survive bundling), which only PDF output needs.
// Optional dependencies (@sparticuz/chromium) may be missing: never bundled.
const external = [
  ...Object.keys(pkg.dependencies).filter((name) => ['@citation-js/plugin-csl', 'puppeteer', 'puppeteer-core', 'pagedjs-cli', 'pdf-lib'].includes(name)),
  ...Object.keys(pkg.optionalDependencies ?? {})
]

// The build's identity, part of the output cache key: after a change to handout's
// code or dependencies, nothing is skipped as "up to date" (the version alone
// does not move between releases).
const hash = createHash('sha256')
for (const file of readdirSync('src', {recursive: true}).map(String).sort()) {
  if (file.endsWith('.ts')) hash.update(file).update(readFileSync(join('src', file)))
}
hash.update(readFileSync('package-lock.json'))

// Chunk names carry content hashes: clear old ones so dist/ holds one build.
rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true})

await build({
  entryPoints: {cli: 'src/cli/bin.ts', index: 'src/index.ts'},
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  legalComments: 'none',
  external,
  define: {HANDOUT_BUILD: JSON.stringify(hash.digest('hex').slice(0, 16))},
  banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
  logLevel: 'warning'
})
