/**
 * The incremental build cache, `OUT/.handout-cache.json`: per document, the
 * content hash of every file its last successful build read (manuscript,
 * bibliographies, CSL style, stylesheet and its imports, font packages), the
 * options and handout's version. A document whose record still matches, and
 * whose outputs all exist, is not built again.
 */
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {writeAtomic} from './write.js'

interface Entry {
  options: string
  deps: Record<string, string>
  outputs: string[]
}

interface CacheFile {
  version: 1
  entries: Record<string, Entry>
}

async function hashFile(path: string): Promise<string> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex').slice(0, 32)
  } catch {
    return 'missing'
  }
}

export class BuildCache {
  readonly path: string
  #data: CacheFile
  #changed = false

  private constructor(path: string, data: CacheFile) {
    this.path = path
    this.#data = data
  }

  static async load(outDir: string): Promise<BuildCache> {
    const path = join(outDir, '.handout-cache.json')
    let data: CacheFile = {version: 1, entries: {}}
    try {
      const parsed = JSON.parse(await readFile(path, 'utf8')) as CacheFile
      if (parsed.version === 1 && parsed.entries) data = parsed
    } catch {
      // No cache yet, or an unreadable one: build everything.
    }
    return new BuildCache(path, data)
  }

  /** The outputs of `input` when nothing it depends on changed, else undefined. */
  async fresh(input: string, options: string): Promise<string[] | undefined> {
    const entry = this.#data.entries[input]
    if (!entry || entry.options !== options) return undefined
    if (!entry.outputs.every((output) => existsSync(output))) return undefined
    for (const [path, hash] of Object.entries(entry.deps)) {
      if ((await hashFile(path)) !== hash) return undefined
    }
    return entry.outputs
  }

  async record(input: string, options: string, deps: string[], outputs: string[]): Promise<void> {
    const hashes: Record<string, string> = {}
    for (const path of [...new Set(deps)].sort()) hashes[path] = await hashFile(path)
    this.#data.entries[input] = {options, deps: hashes, outputs}
    this.#changed = true
  }

  forget(input: string): void {
    if (this.#data.entries[input]) {
      delete this.#data.entries[input]
      this.#changed = true
    }
  }

  async save(): Promise<void> {
    if (!this.#changed) return
    const sorted: CacheFile = {version: 1, entries: {}}
    for (const key of Object.keys(this.#data.entries).sort()) sorted.entries[key] = this.#data.entries[key]!
    await writeAtomic(this.path, JSON.stringify(sorted, null, 1) + '\n')
  }
}
