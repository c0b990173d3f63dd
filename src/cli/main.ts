/**
 * The `handout` command: argv -> build -> report -> exit code.
 * 0 success, 1 a document failed, 2 usage error.
 */
import {parseArgs, UsageError, HELP} from './parse-args.js'
import {formatResults} from './report.js'
import {VERSION} from '../version.js'

export async function main(argv: string[]): Promise<number> {
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
    case 'doctor': {
      const {doctor} = await import('./doctor.js')
      return doctor({browser: command.browser})
    }
    case 'build': {
      const {build, expandInputs} = await import('../build.js')
      const {files, missing} = await expandInputs(command.inputs)
      for (const m of missing) process.stderr.write(`${m}  error  No such file, folder or matching glob\n`)
      if (files.length === 0) {
        process.stderr.write('handout: nothing to build\n')
        return 1
      }
      // Ctrl-C: stop, shut the browser down, leave finished outputs as they are.
      const controller = new AbortController()
      const stop = (): void => controller.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      let results
      try {
        results = await build(files, {
          outDir: command.outDir,
          formats: command.formats,
          csl: command.csl,
          bibliography: command.bibliography,
          strict: command.strict,
          browser: command.browser,
          browserEndpoint: command.browserEndpoint,
          timeout: command.timeout * 1000,
          signal: controller.signal
        })
      } catch (error) {
        if (controller.signal.aborted) {
          process.stderr.write('handout: interrupted\n')
          return 130
        }
        throw error
      } finally {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
      }
      if (controller.signal.aborted) {
        process.stderr.write('handout: interrupted; finished outputs are kept, the browser is shut down\n')
        return 130
      }
      const {lines, failed} = formatResults(results, command.quiet)
      const problems = results.some((r) => r.file.messages.length > 0)
      const stream = problems || failed ? process.stderr : process.stdout
      if (lines.length) stream.write(lines.join('\n') + '\n')
      return failed > 0 || missing.length > 0 ? 1 : 0
    }
  }
}
