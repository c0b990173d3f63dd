/**
 * Messages as `file:line:column  severity  reason  rule`, one per line,
 * with notes indented below. No stack traces for user mistakes.
 */
import type {BuildResult} from '../build/index.js'
import {formatMessage, ruleUrl} from '../messages.js'

export {formatMessage}

/** One line for a finished document. */
export function formatResult(result: BuildResult): string {
  if (result.cached) return `${result.input}  cached  ${result.outputs.join(', ')}`
  if (!result.ok) return `${result.input}  failed`
  const pages = result.pages ? `, ${result.pages} page${result.pages === 1 ? '' : 's'}` : ''
  return `${result.input} -> ${result.outputs.join(', ')} (${result.milliseconds} ms${pages})`
}

export function formatMessages(results: BuildResult[]): string[] {
  return results.flatMap((result) => result.file.messages.map((message) => formatMessage(message, result.input)))
}

export function summary(results: BuildResult[], seconds: number): string {
  const cached = results.filter((r) => r.cached).length
  const failed = results.filter((r) => !r.ok).length
  const built = results.length - cached - failed
  return `${built} built, ${cached} cached, ${failed} failed (${seconds.toFixed(1)} s)`
}

/** `--json`: per document its status, outputs, pages, messages with places, and time. */
export function jsonReport(results: BuildResult[], seconds: number): string {
  const documents = results.map((result) => ({
    input: result.input,
    status: result.cached ? 'cached' : result.ok ? 'built' : 'failed',
    outputs: result.outputs,
    pages: result.pages ?? null,
    milliseconds: result.milliseconds,
    messages: result.file.messages.map((message) => {
      const place = message.place && 'start' in message.place ? message.place.start : message.place
      return {
        severity: message.fatal ? 'error' : message.fatal === false ? 'warning' : 'info',
        file: message.file || result.input,
        line: place?.line ?? null,
        column: place?.column ?? null,
        reason: message.reason,
        ruleId: message.ruleId ?? null,
        // What was probably meant (a key, a style), and where the README explains the rule.
        expected: message.expected ?? null,
        note: message.note ?? null,
        url: message.url ?? (message.ruleId ? ruleUrl(message.ruleId) : undefined) ?? null
      }
    })
  }))
  return JSON.stringify({documents, summary: summary(results, seconds)}, null, 2) + '\n'
}
