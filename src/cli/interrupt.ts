/**
 * Ctrl-C and SIGTERM while a command runs: the run's AbortSignal is aborted
 * (the browser is shut down, unfinished outputs are not written), and the
 * exit code says which signal came, as a shell reports it.
 */
import {constants} from 'node:os'

export interface Interrupt {
  signal: AbortSignal
  /** The exit code for the signal that came first: 130 for Ctrl-C, 143 for SIGTERM. */
  exitCode(): number
  /** Stop listening (the command is over). */
  off(): void
}

export function listenForInterrupt(): Interrupt {
  const controller = new AbortController()
  let received: NodeJS.Signals | undefined
  const stop = (signal: NodeJS.Signals): void => {
    received ??= signal
    controller.abort()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  return {
    signal: controller.signal,
    exitCode: () => 128 + (constants.signals[received ?? 'SIGINT'] ?? 2),
    off() {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
    }
  }
}
