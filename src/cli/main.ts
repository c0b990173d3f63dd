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
    case 'build': {
      const {build, expandInputs} = await import('../build.js')
      const {files, missing} = await expandInputs(command.inputs)
      for (const m of missing) process.stderr.write(`${m}  error  No such file, folder or matching glob\n`)
      if (files.length === 0) {
        process.stderr.write('handout: nothing to build\n')
        return 1
      }
      const results = await build(files, {
        outDir: command.outDir,
        csl: command.csl,
        bibliography: command.bibliography,
        strict: command.strict
      })
      const {lines, failed} = formatResults(results, command.quiet)
      const problems = results.some((r) => r.file.messages.length > 0)
      const stream = problems || failed ? process.stderr : process.stdout
      if (lines.length) stream.write(lines.join('\n') + '\n')
      return failed > 0 || missing.length > 0 ? 1 : 0
    }
  }
}
