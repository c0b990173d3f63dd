/**
 * The `handout` command: argv -> build -> report -> exit code.
 * 0 success, 1 a document failed, 2 usage error.
 */
import {constants} from 'node:os'
import {parseArgs, UsageError, HELP} from './parse-args.js'
import {formatMessage, formatMessages, formatResult, jsonReport, summary} from './report.js'
import {createProgress} from './progress.js'
import {inShard} from './shard.js'
import {VERSION} from '../version.js'
import {isClosedTarget} from '../paginate/browser.js'
import type {EngineCache} from '../cite/engine.js'

/** What a caller may hand over: the warm citeproc engines of the start-up snapshot. */
export interface MainContext {
  engines?: EngineCache | undefined
}

/**
 * In a worker of the launcher (bin.ts): end when the launcher is gone. On
 * Linux the launcher starts the worker so that the kernel kills it then
 * (`setpriv --pdeathsig`), whatever it is doing; elsewhere this check runs
 * between the worker's steps (long loops yield, see cite/render-clusters.ts).
 */
function watchLauncher(): void {
  const launcher = Number(process.env.HANDOUT_LAUNCHER)
  if (!launcher || process.ppid !== launcher) return
  setInterval(() => {
    if (process.ppid !== launcher) process.kill(process.pid, 'SIGKILL')
  }, 250).unref()
}

/** Run the command and set the exit code; an unexpected error is reported as a bug. */
export function runMain(argv: string[], context: MainContext = {}): void {
  watchLauncher()
  // `handout styles | head`: the reader went away; nothing is wrong.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
  // The process is the CLI's, so this handler is set here and not by the
  // library: when a tab is closed under Puppeteer (timeout, Ctrl-C, a crash),
  // a call still pending in it may reject with nobody listening. That says
  // only that the page is gone, which the document's message already reports;
  // any other unhandled rejection ends the run as Node ends it.
  process.on('unhandledRejection', (reason) => {
    if (isClosedTarget(reason)) return
    throw reason
  })
  main(argv, context).then(
    (code) => {
      process.exitCode = code
    },
    (error: unknown) => {
      process.stderr.write(`handout: internal error (please report): ${(error as Error)?.stack ?? String(error)}\n`)
      process.exitCode = 1
    }
  )
}

/** 128 + the signal's number, as a shell reports a command a signal ended: 130 for Ctrl-C, 143 for SIGTERM. */
function exitCode(signal: NodeJS.Signals | undefined): number {
  return 128 + (constants.signals[signal ?? 'SIGINT'] ?? 2)
}

export async function main(argv: string[], context: MainContext = {}): Promise<number> {
  let interrupted: NodeJS.Signals | undefined
  let command
  try {
    command = parseArgs(argv)
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`handout: ${error.message}\n`)
      return 2
    }
    throw error
  }
  switch (command.command) {
    case 'help':
      process.stdout.write(HELP)
      return 0
    case 'version':
      process.stdout.write(`handout ${VERSION}\n`)
      return 0
    case 'styles': {
      const {listStyles, styleSources} = await import('../load/style.js')
      const styles = listStyles(process.cwd())
      const filter = command.filter?.toLowerCase()
      const shown = filter ? styles.filter((s) => s.name.toLowerCase().includes(filter)) : styles
      process.stdout.write('Style search order:\n')
      for (const [i, source] of styleSources(process.cwd()).entries()) {
        process.stdout.write(`  ${i + 1}. ${source.label}${source.dir ? ` (${source.dir})` : ''}\n`)
      }
      process.stdout.write(`${shown.length} style(s)${filter ? ` matching "${command.filter}"` : ''}:\n`)
      for (const style of shown) process.stdout.write(`  ${style.name.padEnd(48)} ${style.origin}\n`)
      return shown.length > 0 ? 0 : 1
    }
    case 'packet': {
      const {buildPacket} = await import('../packet/build-packet.js')
      const controller = new AbortController()
      const stop = (signal: NodeJS.Signals): void => {
        interrupted ??= signal
        controller.abort()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      let result
      try {
        result = await buildPacket(command.file, {
          outDir: command.outDir,
          formats: command.formats,
          browser: command.browser,
          browserEndpoint: command.browserEndpoint,
          timeout: command.timeout * 1000,
          root: command.root,
          maxInputSize: command.maxInputSize,
          scripts: command.scripts || undefined,
          signal: controller.signal
        })
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
      const messages = [result.file, ...result.articles].flatMap((file) => file.messages.map((m) => formatMessage(m, file.path)))
      if (messages.length) process.stderr.write(messages.join('\n') + '\n')
      if (controller.signal.aborted) return exitCode(interrupted)
      if (!result.ok) {
        process.stderr.write(`${result.input}  failed\n`)
        return 1
      }
      if (!command.quiet) process.stdout.write(formatResult(result) + '\n')
      return 0
    }
    case 'refs': {
      const {refs} = await import('./refs.js')
      return refs(command.files, command.lang)
    }
    case 'doctor': {
      const {doctor} = await import('./doctor.js')
      return doctor({browser: command.browser})
    }
    case 'build': {
      const {build, expandInputs} = await import('../build/index.js')
      const expanded = await expandInputs(command.inputs)
      const shard = command.shard
      const files = shard ? expanded.files.filter((f) => inShard(f, shard.index, shard.count)) : expanded.files
      for (const m of expanded.missing) process.stderr.write(`${m}  error  No such file, folder or matching glob\n`)
      if (files.length === 0) {
        process.stderr.write(shard && expanded.files.length > 0 ? `handout: shard ${shard.index}/${shard.count} has no documents\n` : 'handout: nothing to build\n')
        return shard && expanded.files.length > 0 ? 0 : 1
      }
      const progress = createProgress(files.length, command.quiet || command.json)
      // Ctrl-C: stop, shut the browser down, leave finished outputs as they are.
      const controller = new AbortController()
      const stop = (signal: NodeJS.Signals): void => {
        interrupted ??= signal
        controller.abort()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      if (command.watch) {
        const {watch} = await import('./watch.js')
        try {
          return await watch(
            files,
            {outDir: command.outDir, formats: command.formats, csl: command.csl, from: command.from, bibliography: command.bibliography, strict: command.strict, browser: command.browser, browserEndpoint: command.browserEndpoint, timeout: command.timeout * 1000, jobs: command.jobs, root: command.root, maxInputSize: command.maxInputSize, scripts: command.scripts || undefined, engines: context.engines},
            (results) => {
              const messages = formatMessages(results)
              if (messages.length) process.stderr.write(messages.join('\n') + '\n')
              process.stderr.write(summary(results, results.reduce((sum, r) => sum + r.milliseconds, 0) / 1000) + '\n')
            },
            controller.signal
          )
        } finally {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
        }
      }
      const started = performance.now()
      let results
      try {
        results = await build(files, {
          outDir: command.outDir,
          formats: command.formats,
          csl: command.csl,
          from: command.from,
          bibliography: command.bibliography,
          strict: command.strict,
          browser: command.browser,
          browserEndpoint: command.browserEndpoint,
          timeout: command.timeout * 1000,
          jobs: command.jobs,
          root: command.root,
          maxInputSize: command.maxInputSize,
          scripts: command.scripts || undefined,
          force: command.force,
          engines: context.engines,
          signal: controller.signal,
          onResult: progress.done
        })
      } catch (error) {
        if (controller.signal.aborted) {
          progress.end()
          process.stderr.write('handout: interrupted\n')
          return exitCode(interrupted)
        }
        throw error
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
      progress.end()
      const seconds = (performance.now() - started) / 1000
      if (command.json) {
        process.stdout.write(jsonReport(results, seconds))
      } else {
        const messages = formatMessages(results)
        if (messages.length) process.stderr.write(messages.join('\n') + '\n')
        const failed = results.some((r) => !r.ok)
        if (!command.quiet || failed) (messages.length || failed ? process.stderr : process.stdout).write(summary(results, seconds) + '\n')
      }
      if (controller.signal.aborted) {
        process.stderr.write('handout: interrupted; finished outputs are kept, the browser is shut down\n')
        return exitCode(interrupted)
      }
      return results.some((r) => !r.ok) || expanded.missing.length > 0 ? 1 : 0
    }
  }
}
