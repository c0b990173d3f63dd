/**
 * What a worker the launcher had to kill leaves behind: its browser profiles
 * in the temp folder (each names its owner in `handout.pid`). The browser
 * quits as the worker's end of its pipe closes; its profile goes once it has.
 */
import {readFileSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export async function removeProfilesOf(pid: number): Promise<void> {
  const profiles = readdirSync(tmpdir())
    .filter((name) => name.startsWith('handout-chromium-'))
    .map((name) => join(tmpdir(), name))
    .filter((path) => {
      try {
        return Number(readFileSync(join(path, 'handout.pid'), 'utf8')) === pid
      } catch {
        return false
      }
    })
  for (const profile of profiles) {
    // A browser still closing may write into it for a moment: a few tries.
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        rmSync(profile, {recursive: true, force: true})
        break
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
  }
}
