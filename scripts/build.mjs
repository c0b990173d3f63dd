// Bundle the CLI and the API with esbuild: one module graph loads much faster
// than hundreds of small ESM files (start-up dominates a one-document build).
import {build} from 'esbuild'
import {createHash} from 'node:crypto'
import {spawnSync} from 'node:child_process'
import {readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

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

const buildId = hash.digest('hex').slice(0, 16)

/**
 * Dependency code that handout never runs, left out of both bundles: it costs
 * start-up time, and what it loads cannot be kept in a start-up snapshot.
 */
const unused = {
  name: 'unused',
  setup(b) {
    // citation-js loads both at start-up to fetch URLs and DOIs, with Node's HTTP
    // parser; handout reads bibliographies with a forced type and never fetches.
    b.onResolve({filter: /^(sync-fetch|node-fetch)$/}, (args) => ({path: args.path, namespace: 'no-network'}))
    b.onLoad({filter: /.*/, namespace: 'no-network'}, () => ({
      contents: 'const fetch = () => { throw new Error("handout does not fetch over the network") }\nmodule.exports = fetch\nmodule.exports.default = fetch\nmodule.exports.Headers = class Headers {}\n',
      loader: 'js'
    }))
    // fdir looks for picomatch in node_modules for its own glob(), which tinyglobby does not use.
    b.onLoad({filter: /[\\/]fdir[\\/]dist[\\/]index\.mjs$/}, (args) => {
      const text = readFileSync(args.path, 'utf8')
      const out = text.replace('__require.resolve("picomatch");', '').replace('pm = __require("picomatch");', '')
      if (out === text) throw new Error(`fdir changed: update the 'unused' plugin in scripts/build.mjs (${args.path})`)
      return {contents: out, loader: 'js'}
    })
  }
}

const common = {bundle: true, platform: 'node', target: 'node20', legalComments: 'none', external, plugins: [unused], logLevel: 'warning'}

// Chunk names carry content hashes: clear old ones so dist/ holds one build.
rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true})

await build({
  ...common,
  entryPoints: {cli: 'src/cli/bin.ts', index: 'src/index.ts'},
  outdir: 'dist',
  splitting: true,
  format: 'esm',
  define: {HANDOUT_BUILD: JSON.stringify(buildId)},
  banner: {js: "import {createRequire as __cr} from 'node:module'; const require = __cr(import.meta.url);"}
})

// The start-up snapshot (see src/cli/snapshot.ts): one CommonJS file, as Node's
// snapshot builder wants, whose `import.meta.url` is the CLI's, so that paths and
// node_modules resolve as from dist/cli.js. External packages are required at run
// time only (a snapshot cannot hold modules loaded from node_modules).
const location = pathToFileURL(resolve('dist/cli.js')).href
await build({
  ...common,
  entryPoints: ['src/cli/snapshot.ts'],
  outfile: 'dist/snapshot.cjs',
  format: 'cjs',
  supported: {'dynamic-import': false},
  define: {HANDOUT_BUILD: JSON.stringify(buildId), 'import.meta.url': JSON.stringify(location)},
  // The builder's `require` loads Node's own modules only; packages from node_modules
  // (the externals) go through a createRequire made when one is first needed, at run time.
  banner: {
    js: `var __builtin = require, __external; require = (id) => id.startsWith('node:') || __builtin('node:module').isBuiltin(id) ? __builtin(id) : (__external ??= __builtin('node:module').createRequire(${JSON.stringify(location)}))(id);`
  }
})

// V8 flags of the snapshot; a run must pass the same (none so far: a larger young
// generation, tried, did not pay).
const flags = []
const made = spawnSync(process.execPath, [...flags, '--snapshot-blob', 'dist/handout.blob.tmp', '--build-snapshot', 'dist/snapshot.cjs'], {encoding: 'utf8'})
if (made.status === 0) {
  renameSync('dist/handout.blob.tmp', 'dist/handout.blob')
  const info = {node: process.version, platform: process.platform, arch: process.arch, location, flags}
  writeFileSync('dist/snapshot.json', JSON.stringify(info, null, 2) + '\n')
} else {
  // handout still works without it, only its start is slower.
  rmSync('dist/handout.blob.tmp', {force: true})
  const reason = (made.stderr || made.error?.message || '').split('\n').filter((line) => line && !/warning|It may still|To request|--trace-warnings/i.test(line)).slice(0, 5).join('\n')
  console.warn(`handout: no start-up snapshot (handout runs without it, starting slower):\n${reason}`)
}
