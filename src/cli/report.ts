/**
 * Messages as `file:line:column  severity  reason  rule`, one per line,
 * with notes indented below. No stack traces for user mistakes.
 */
import type {VFileMessage} from 'vfile-message'
import type {BuildResult} from '../build.js'

export function formatMessage(message: VFileMessage, fallbackPath: string): string {
  const place = message.place
  let where = message.file || fallbackPath
  if (place) {
    const point = 'start' in place ? place.start : place
    if (point && point.line) where += `:${point.line}:${point.column ?? 1}`
  }
  const severity = message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info'
  let line = `${where}  ${severity}  ${message.reason}${message.ruleId ? `  ${message.ruleId}` : ''}`
  if (message.note) line += `\n    ${message.note}`
  return line
}

export function formatResults(results: BuildResult[], quiet: boolean): {lines: string[]; failed: number} {
  const lines: string[] = []
  let failed = 0
  for (const result of results) {
    for (const message of result.file.messages) lines.push(formatMessage(message, result.input))
    if (!result.ok) failed++
    else if (!quiet) lines.push(`${result.input} -> ${result.outputs.join(', ')} (${Math.round(result.milliseconds)} ms)`)
  }
  if (!quiet || failed > 0) {
    const ok = results.length - failed
    lines.push(`${ok} built, ${failed} failed`)
  }
  return {lines, failed}
}
