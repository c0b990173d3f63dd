/**
 * `handout build --watch`: build, then rebuild a document whenever a file it
 * read changes (manuscript, bibliography, CSL style, stylesheet), with the
 * browser and the citation engines kept warm. Ends on Ctrl-C (exit 0).
 * Files are polled (fs.watchFile), which also survives editors that replace
 * a file on save.
 */
import {unwatchFile, watchFile} from 'node:fs'
import {resolve} from 'node:path'
import {createBuildSession, dependencies, type BuildOptions, type BuildResult} from '../build/index.js'

export async function watch(files: string[], options: BuildOptions, report: (results: BuildResult[]) => void, signal: AbortSignal): Promise<number> {
  const session = createBuildSession(options)
  const users = new Map<string, Set<string>>() // dependency -> inputs that read it
  const watched = new Set<string>()
  let pending = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const track = (results: BuildResult[]): void => {
    for (const result of results) {
      for (const dep of dependencies(result)) {
        const path = resolve(dep)
        if (!users.has(path)) users.set(path, new Set())
        users.get(path)!.add(result.input)
        if (watched.has(path)) continue
        watched.add(path)
        watchFile(path, {interval: 250}, (now, before) => {
          if (now.mtimeMs === before.mtimeMs && now.size === before.size) return
          for (const input of users.get(path) ?? []) pending.add(input)
          clearTimeout(timer)
          timer = setTimeout(rebuild, 150)
        })
      }
    }
  }

  const rebuild = (): void => {
    const inputs = [...pending].sort()
    pending = new Set()
    if (inputs.length === 0) return
    running = running.then(async () => {
      process.stderr.write(`\nrebuilding: ${inputs.join(", ")}\n`)
      const results = await session.build(inputs, true)
      report(results)
      track(results)
    })
  }

  try {
    const results = await session.build(files, true)
    report(results)
    track(results)
    process.stderr.write('watching for changes (Ctrl-C to stop)\n')
    await new Promise<void>((done) => signal.addEventListener('abort', () => done(), {once: true}))
    await running.catch(() => undefined)
    return 0
  } finally {
    clearTimeout(timer)
    for (const path of watched) unwatchFile(path)
    await session.close()
  }
}
