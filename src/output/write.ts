/**
 * Atomic writes: a temporary file in the same folder, then rename, so a
 * failed build never leaves a half-written output and earlier outputs stay.
 * A temporary file's name carries the writer's process id, so that what a
 * killed run left behind is recognised and removed by the next one.
 */
import {mkdir, readdir, rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'

function temporary(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`)
}

export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeTogether([[path, data]])
}

/**
 * Several files that belong together (a document's HTML and PDF): all are
 * written to temporary files first, and only then renamed into place, so
 * either all are new or (on an error before the renames) none is.
 */
export async function writeTogether(files: Array<[path: string, data: string | Uint8Array]>): Promise<void> {
  const written: string[] = []
  try {
    for (const [path, data] of files) {
      await mkdir(dirname(path), {recursive: true})
      const tmp = temporary(path)
      written.push(tmp)
      await writeFile(tmp, data)
    }
    for (const [i, [path]] of files.entries()) await rename(written[i]!, path)
  } catch (error) {
    for (const tmp of written) await rm(tmp, {force: true})
    throw error
  }
}

/** Is a process with this id running (on this machine)? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Remove the temporary files of runs that are gone (`kill -9`, a power cut) from `dir`. */
export async function removeStale(dir: string): Promise<void> {
  let names: string[]
  try {
    names = await readdir(dir)
  } catch {
    return
  }
  for (const name of names) {
    const match = /^\..+\.(\d+)\.(tmp|print\.html)$/.exec(name)
    if (match && Number(match[1]) !== process.pid && !alive(Number(match[1]))) await rm(join(dir, name), {force: true})
  }
}
