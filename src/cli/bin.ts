#!/usr/bin/env node
/**
 * The `handout` command: a small launcher. Builds and packets run in a worker
 * process, started from handout's start-up snapshot when the install made one
 * for this Node (dist/handout.blob, see snapshot.ts: that skips loading the
 * bundle and building the default citation engine), else from this file
 * again. The launcher stays responsive whatever the worker is doing:
 * - Ctrl-C and SIGTERM are passed on; a worker that has not finished within
 *   0.8 s (a long computation, a blocked read) is killed, and its browser
 *   goes with it (its pipe closes); what it left is removed by the next run;
 * - the worker ends when the launcher dies (`kill -9`): on Linux the kernel
 *   kills it (a parent-death signal, set with util-linux's `setpriv`),
 *   elsewhere it checks between its steps (main.ts).
 * Other commands (help, version, styles, doctor) run here.
 * This file loads nothing else until it knows which.
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {constants} from 'node:os'
import {fileURLToPath} from 'node:url'
import {snapshotStatus} from './snapshot-info.js'

/** How long a worker has to stop cleanly after a signal before it is killed. */
const GRACE_MS = 800

/** util-linux's `setpriv`, to give the worker a parent-death signal (Linux). */
const SETPRIV = '/usr/bin/setpriv'

async function inProcess(): Promise<void> {
  const {runMain} = await import('./main.js')
  runMain(process.argv.slice(2))
}

const argv = process.argv.slice(2)
const snapshot = snapshotStatus(import.meta.url)
const fromSnapshot = Boolean(snapshot.info && !snapshot.reason)
const worker = process.env.HANDOUT_LAUNCHER === undefined && ['build', 'packet', 'preview'].includes(argv[0] ?? '')

if (process.env.HANDOUT_LAUNCHER === undefined && (fromSnapshot || worker)) {
  // `--` ends Node's options: `handout --version` is handout's, not Node's.
  const args = fromSnapshot
    ? [...snapshot.info!.flags, '--snapshot-blob', snapshot.blob, '--', ...argv]
    : [...process.execArgv, fileURLToPath(import.meta.url), ...argv]
  // On Linux the kernel ends the worker when the launcher dies, whatever the worker is doing.
  const [command, prefix] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'SIGKILL', process.execPath]] : [process.execPath, []]
  const child = spawn(command, [...prefix, ...args], {stdio: 'inherit', env: {...process.env, HANDOUT_LAUNCHER: String(process.pid)}})
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  let received: NodeJS.Signals | undefined
  let killer: NodeJS.Timeout | undefined
  // Passed on to the worker, which shuts its browser down and exits (Ctrl-C on a
  // terminal reaches both; handout takes a second SIGINT like the first).
  let killed = false
  const forward = (signal: NodeJS.Signals): void => {
    received ??= signal
    child.kill(signal)
    killer ??= setTimeout(() => {
      killed = true
      child.kill('SIGKILL')
    }, GRACE_MS)
  }
  for (const signal of signals) process.on(signal, forward)
  child.on('error', () => {
    // Not started at all (no child output yet): run here instead.
    for (const signal of signals) process.off(signal, forward)
    void inProcess()
  })
  child.on('exit', (code, signal) => {
    clearTimeout(killer)
    for (const s of signals) process.off(s, forward)
    // A worker killed here leaves its browser profile: its browser ends as the worker's pipe closes.
    if (killed && child.pid) void import('../paginate/profile.js').then(({removeProfilesOf}) => removeProfilesOf(child.pid!))
    if (received && signal) process.exitCode = 128 + constants.signals[received]
    else if (signal) process.kill(process.pid, signal)
    else process.exitCode = code ?? 1
  })
} else {
  void inProcess()
}
