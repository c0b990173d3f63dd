/**
 * The `handout` command: argv -> the command (one module each) -> exit code.
 * 0 success, 1 a document failed, 2 usage error, 128 + N ended by signal N.
 */
import {parseArgs, UsageError, HELP} from './parse-args.js'
import {buildCommand} from './build-command.js'
import {packetCommand} from './packet-command.js'
import {stylesCommand} from './styles-command.js'
import {previewCommand} from './preview-command.js'
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

export async function main(argv: string[], context: MainContext = {}): Promise<number> {
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
    case 'styles':
      return stylesCommand(command)
    case 'packet':
      return packetCommand(command)
    case 'refs': {
      const {refs} = await import('./refs.js')
      return refs(command.files, command.lang)
    }
    case 'doctor': {
      const {doctor} = await import('./doctor.js')
      return doctor({browser: command.browser})
    }
    case 'build':
      return buildCommand(command, context.engines)
    case 'preview':
      return previewCommand(command, context.engines)
  }
}
