/** `handout styles [FILTER]`: where styles are looked for, in order, and the styles found. */
import type {Command} from './parse-args.js'

export async function stylesCommand(command: Extract<Command, {command: 'styles'}>): Promise<number> {
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
