/**
 * Whether `handout` can start from its start-up snapshot (dist/handout.blob,
 * see snapshot.ts), and if not, why: for the launcher (bin.ts) and `handout doctor`.
 */
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export interface SnapshotInfo {
  node: string
  platform: string
  arch: string
  /** The CLI bundle's URL, baked into the snapshot (its paths resolve from there). */
  location: string
  /** V8 flags the snapshot was made with: a run must pass the same ones. */
  flags: string[]
}

export interface SnapshotStatus {
  blob: string
  info?: SnapshotInfo | undefined
  /** Why this run cannot start from it; undefined when it can. */
  reason?: string | undefined
}

/** `dist`: the URL of a file in the CLI bundle's folder. */
export function snapshotStatus(dist: string): SnapshotStatus {
  const blob = fileURLToPath(new URL('handout.blob', dist))
  const cli = new URL('cli.js', dist).href
  let info: SnapshotInfo | undefined
  try {
    info = JSON.parse(readFileSync(new URL('snapshot.json', dist), 'utf8')) as SnapshotInfo
  } catch {
    return {blob, reason: 'none was made at install (`npm run build:code` makes one)'}
  }
  const reason =
    process.env.HANDOUT_SNAPSHOT === '0'
      ? 'HANDOUT_SNAPSHOT=0'
      : process.execArgv.length > 0 || process.env.NODE_OPTIONS
        ? // A snapshot starts only with the V8 flags it was made with.
          `Node options were given (${process.execArgv.join(' ') || `NODE_OPTIONS=${process.env.NODE_OPTIONS}`})`
        : info.node !== process.version || info.platform !== process.platform || info.arch !== process.arch
          ? `it was made for Node ${info.node} on ${info.platform}-${info.arch}, this is ${process.version} on ${process.platform}-${process.arch} (\`npm run build:code\` makes a new one)`
          : info.location !== cli
            ? `it was made for ${fileURLToPath(info.location)} (\`npm run build:code\` makes a new one)`
            : undefined
  return {blob, info, reason}
}
