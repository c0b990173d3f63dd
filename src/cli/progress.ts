/**
 * Progress while a batch builds. On a terminal: one live line on stderr
 * (done/total, the last document, elapsed, ETA). Elsewhere (CI logs): one plain
 * line per document on stdout as it finishes.
 */
import type {BuildResult} from '../build/index.js'
import {formatResult} from './report.js'

export function createProgress(total: number, quiet: boolean) {
  const started = performance.now()
  const live = !quiet && Boolean(process.stderr.isTTY) && total > 1
  let count = 0
  const clear = (): void => {
    if (live) process.stderr.write('\r\u001b[2K')
  }
  return {
    done(result: BuildResult): void {
      count++
      if (quiet) return
      if (!live) {
        process.stdout.write(formatResult(result) + '\n')
        return
      }
      const elapsed = (performance.now() - started) / 1000
      const eta = (elapsed / count) * (total - count)
      clear()
      process.stderr.write(`[${count}/${total}] ${result.input}  ${elapsed.toFixed(1)} s elapsed, ~${eta.toFixed(0)} s left`)
    },
    end(): void {
      clear()
    }
  }
}
