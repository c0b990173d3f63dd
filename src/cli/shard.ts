/**
 * `--shard i/n`: a stable part of the input list. Each file goes to the
 * shard given by a hash of its path, so n machines split a batch without
 * talking to each other, and a file stays in its shard when others are added.
 */
import {createHash} from 'node:crypto'

export function inShard(path: string, index: number, count: number): boolean {
  const normalized = path.replace(/\\/g, '/').replace(/^\.\//, '')
  return createHash('sha1').update(normalized).digest().readUInt32BE(0) % count === index - 1
}
