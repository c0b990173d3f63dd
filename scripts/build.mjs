// Bundle the CLI and the API with esbuild: one module graph loads much faster
// than hundreds of small ESM files (start-up dominates a one-document build).
import {build} from 'esbuild'
import {readFileSync} from 'node:fs'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const external = Object.keys(pkg.dependencies).filter((name) => name.startsWith('@citation-js/plugin-csl'))

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
  banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"},
  logLevel: 'warning'
})
