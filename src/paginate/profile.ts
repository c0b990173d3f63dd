/**
 * The browser's profile: a folder in the temp folder, named `handout-chromium-*`,
 * that names the process it belongs to (`handout.pid`). Made per run and
 * removed again, by the run that made it, by the launcher when it had to kill
 * that run, or by the next run when neither could (`kill -9`, a crash).
 * Loads nothing heavy: the launcher uses it.
 */
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const PREFIX = 'handout-chromium-'

/** The file in a profile that names the process it belongs to. */
const OWNER = 'handout.pid'

/** A new profile, owned by this process. */
export function makeProfile(): string {
  const profile = mkdtempSync(join(tmpdir(), PREFIX))
  writeFileSync(join(profile, OWNER), String(process.pid))
  return profile
}

/** The profiles in the temp folder, with the process each belongs to (0 when unknown). */
function profiles(): Array<{path: string; owner: number}> {
  let names: string[]
  try {
    names = readdirSync(tmpdir())
  } catch {
    return []
  }
  return names
    .filter((name) => name.startsWith(PREFIX))
    .map((name) => {
      const path = join(tmpdir(), name)
      try {
        return {path, owner: Number(readFileSync(join(path, OWNER), 'utf8')) || 0}
      } catch {
        return {path, owner: 0}
      }
    })
}

/** Remove the profiles `pid` made (the launcher, after killing its worker). */
export async function removeProfilesOf(pid: number): Promise<void> {
  for (const {path, owner} of profiles()) if (owner === pid) await removeProfile(path)
}

/** Remove the profiles of runs that are gone (`kill -9`, a crash). */
export function removeStaleProfiles(alive: (pid: number) => boolean): void {
  for (const {path, owner} of profiles()) {
    if (owner && owner !== process.pid && !alive(owner)) rmSync(path, {recursive: true, force: true, maxRetries: 2})
  }
}

/**
 * Remove a profile once nothing writes into it. Chromium's helper processes
 * (zygote, renderers) outlive the browser by a moment and, on a loaded
 * machine, recreate files in a removed profile: they are ended first, and the
 * removal is checked and repeated.
 */
export async function removeProfile(profile: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await endHelpers(profile)
    try {
      // The owner file last: a run killed meanwhile leaves a profile that still says whose it is.
      for (const name of existsSync(profile) ? readdirSync(profile) : []) {
        if (name !== OWNER) rmSync(join(profile, name), {recursive: true, force: true, maxRetries: 3})
      }
      rmSync(profile, {recursive: true, force: true, maxRetries: 3})
    } catch {
      // Busy: the next round tries again.
    }
    await new Promise((wait) => setTimeout(wait, attempt === 0 ? 20 : 100))
    if (!existsSync(profile) && helpers(profile).length === 0) return
  }
}

/** Linux: the processes whose command line names `profile` (Chromium and its helpers). */
function helpers(profile: string): number[] {
  if (process.platform !== 'linux') return []
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(profile)) found.push(Number(name))
    } catch {
      // Gone meanwhile.
    }
  }
  return found
}

/** Kill those processes, and wait up to 2 s for them to go. */
async function endHelpers(profile: string): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const left = helpers(profile)
    if (left.length === 0) return
    for (const pid of left) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Gone meanwhile.
      }
    }
    await new Promise((wait) => setTimeout(wait, 100))
  }
}
