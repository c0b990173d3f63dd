#!/usr/bin/env node
/**
 * The `handout` command. When the install made a start-up snapshot for this
 * Node (dist/handout.blob, see snapshot.ts), handout runs from it in a child
 * Node process: that skips loading the bundle and building the default
 * citation engine, most of a one-document build. Otherwise (no snapshot,
 * another Node version, Node flags given, or HANDOUT_SNAPSHOT=0) it runs here.
 * This file loads nothing else until it knows which.
 */
import {spawn} from 'node:child_process'
import {snapshotStatus} from './snapshot-info.js'

async function inProcess(): Promise<void> {
  const {runMain} = await import('./main.js')
  runMain(process.argv.slice(2))
}

const snapshot = snapshotStatus(import.meta.url)
if (snapshot.info && !snapshot.reason) {
  // `--` ends Node's options: `handout --version` is handout's, not Node's.
  const child = spawn(process.execPath, [...snapshot.info.flags, '--snapshot-blob', snapshot.blob, '--', ...process.argv.slice(2)], {stdio: 'inherit'})
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  // Passed on to the child, which shuts its browser down and exits (Ctrl-C on a
  // terminal reaches both; handout takes a second SIGINT like the first).
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal)
  }
  for (const signal of signals) process.on(signal, forward)
  child.on('error', () => {
    // Not started at all (no child output yet): run here instead.
    for (const signal of signals) process.off(signal, forward)
    void inProcess()
  })
  child.on('exit', (code, signal) => {
    for (const s of signals) process.off(s, forward)
    if (signal) process.kill(process.pid, signal)
    else process.exitCode = code ?? 1
  })
} else {
  void inProcess()
}
