/**
 * The incremental build cache, `OUT/.handout-cache.json`: per document, the
 * content hash of every file its last successful build read (manuscript,
 * bibliographies, CSL style, stylesheet and its imports, images, font
 * packages), the options and handout's version. A document whose record still
 * matches, and whose outputs all exist, is not built again.
 *
 * It is saved as a batch goes (at most once a second, and at the end), so a
 * killed run keeps what it finished; and a save merges this run's changes into
 * what is on disk at that moment, under a lock file, so two builds into one
 * folder keep each other's records.
 */
import {createHash} from 'node:crypto'
import {existsSync} from 'node:fs'
import {readFile, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {alive, writeAtomic} from './write.js'

interface Entry {
  options: string
  deps: Record<string, string>
  outputs: string[]
}

interface CacheFile {
  version: 1
  entries: Record<string, Entry>
}

/** Seconds between two saves during a batch. */
const SAVE_EVERY_MS = 1000

async function hashFile(path: string): Promise<string> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex').slice(0, 32)
  } catch {
    return 'missing'
  }
}

async function readCache(path: string): Promise<CacheFile> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as CacheFile
    if (parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object') return parsed
  } catch {
    // No cache yet, or an unreadable one: build everything.
  }
  return {version: 1, entries: {}}
}

export class BuildCache {
  readonly path: string
  #data: CacheFile
  /** What this run changed: an entry, or null for one it dropped. */
  readonly #changes = new Map<string, Entry | null>()
  #lastSave = performance.now()
  #saving: Promise<void> = Promise.resolve()

  private constructor(path: string, data: CacheFile) {
    this.path = path
    this.#data = data
  }

  static async load(outDir: string): Promise<BuildCache> {
    const path = join(outDir, '.handout-cache.json')
    return new BuildCache(path, await readCache(path))
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
    const entry = {options, deps: hashes, outputs}
    this.#data.entries[input] = entry
    this.#changes.set(input, entry)
    await this.#saveSoon()
  }

  async forget(input: string): Promise<void> {
    if (!this.#data.entries[input] && !this.#changes.has(input)) return
    delete this.#data.entries[input]
    this.#changes.set(input, null)
    await this.#saveSoon()
  }

  /** During a batch: a save when the last one is a second old. */
  async #saveSoon(): Promise<void> {
    if (performance.now() - this.#lastSave >= SAVE_EVERY_MS) await this.save()
  }

  /** This run's changes, merged into the file as it is now on disk. */
  async save(): Promise<void> {
    this.#saving = this.#saving.then(() => this.#save())
    await this.#saving
  }

  async #save(): Promise<void> {
    this.#lastSave = performance.now()
    if (this.#changes.size === 0) return
    const changes = new Map(this.#changes)
    this.#changes.clear()
    await withLock(`${this.path}.lock`, async () => {
      const current = await readCache(this.path)
      for (const [input, entry] of changes) {
        if (entry) current.entries[input] = entry
        else delete current.entries[input]
      }
      const sorted: CacheFile = {version: 1, entries: {}}
      for (const key of Object.keys(current.entries).sort()) sorted.entries[key] = current.entries[key]!
      await writeAtomic(this.path, JSON.stringify(sorted, null, 1) + '\n')
    })
  }
}

/**
 * Run `work` holding a lock file (created exclusively; it names its process,
 * so one left by a killed run is taken over). Gives up waiting after 10 s and
 * runs anyway: a cache is an optimisation, never a reason to fail a build.
 */
async function withLock(path: string, work: () => Promise<void>): Promise<void> {
  const deadline = performance.now() + 10_000
  let held = false
  while (!held) {
    try {
      await writeFile(path, String(process.pid), {flag: 'wx'})
      held = true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') break
      const owner = Number(await readFile(path, 'utf8').catch(() => ''))
      if (!owner || !alive(owner)) await rm(path, {force: true})
      else if (performance.now() > deadline) break
      else await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }
  try {
    await work()
  } finally {
    if (held) await rm(path, {force: true})
  }
}
