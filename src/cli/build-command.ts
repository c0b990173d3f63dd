/**
 * `handout build`: the inputs expanded (and sharded), built once or on every
 * save (`--watch`), messages and a summary on stderr (or one JSON report on
 * stdout), the exit code from the results.
 */
import type {BuildOptions} from '../build/index.js'
import type {EngineCache} from '../cite/engine.js'
import {formatMessages, jsonReport, summary} from './report.js'
import {createProgress} from './progress.js'
import {inShard} from './shard.js'
import {listenForInterrupt} from './interrupt.js'
import type {Command} from './parse-args.js'

type BuildCommand = Extract<Command, {command: 'build'}>

/** The command line's build options, for build() and for --watch alike. */
function buildOptionsOf(command: BuildCommand, engines: EngineCache | undefined): BuildOptions {
  return {
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
    engines
  }
}

export async function buildCommand(command: BuildCommand, engines: EngineCache | undefined): Promise<number> {
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
  const interrupt = listenForInterrupt()
  const options = buildOptionsOf(command, engines)
  if (command.watch) {
    const {watch} = await import('./watch.js')
    try {
      return await watch(
        files,
        options,
        (results) => {
          const messages = formatMessages(results)
          if (messages.length) process.stderr.write(messages.join('\n') + '\n')
          process.stderr.write(summary(results, results.reduce((sum, r) => sum + r.milliseconds, 0) / 1000) + '\n')
        },
        interrupt.signal
      )
    } finally {
      interrupt.off()
    }
  }
  const started = performance.now()
  let results
  try {
    results = await build(files, {...options, force: command.force, signal: interrupt.signal, onResult: progress.done})
  } catch (error) {
    if (interrupt.signal.aborted) {
      progress.end()
      process.stderr.write('handout: interrupted\n')
      return interrupt.exitCode()
    }
    throw error
  } finally {
    interrupt.off()
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
  if (interrupt.signal.aborted) {
    process.stderr.write('handout: interrupted; finished outputs are kept, the browser is shut down\n')
    return interrupt.exitCode()
  }
  return results.some((r) => !r.ok) || expanded.missing.length > 0 ? 1 : 0
}
