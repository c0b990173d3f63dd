/**
 * Reading the files a document or packet names (I/O edge). Documents come
 * from anywhere (downloaded, sent by a colleague, contributed to a packet in
 * CI), so a path in them is not trusted:
 * - it must lie, after symlinks, inside the project root (the working folder,
 *   or `--root DIR`), or inside one of the folders handout itself reads from
 *   (its own styles and fonts, the system's CSL styles and locales, Zotero's
 *   styles);
 * - only regular files are read: not devices (`/dev/zero`), FIFOs or folders;
 * - a file larger than the limit (50 MB, `--max-input-size`) is refused
 *   before it is read.
 * Each refusal is a HandoutError at the place that named the file.
 */
import {closeSync, constants, fstatSync, openSync, readSync, realpathSync} from 'node:fs'
import {open, realpath} from 'node:fs/promises'
import {homedir} from 'node:os'
import {isAbsolute, join, relative, resolve, sep} from 'node:path'
import type {Point, Position} from 'unist'
import {HandoutError} from '../errors.js'
import {packageRoot} from '../paths.js'

export const DEFAULT_MAX_INPUT_MB = 50

export interface Access {
  /** The project root (absolute, symlinks resolved). */
  root: string
  /** Folders outside the root that handout reads from (absolute, symlinks resolved). */
  trusted: string[]
  /** Largest file read, in bytes. */
  maxSize: number
}

/** Who named a file, for the message when it is refused. */
export interface NamedBy {
  /** What the file is, for messages: "bibliography", "stylesheet", "article". */
  what: string
  /** The file that names it (a manuscript, a packet file); undefined: the command line. */
  file?: string | undefined
  place?: Point | Position | undefined
}

/** Where Debian's citation-style-language packages put the CSL styles and locales. */
export const DEBIAN_CSL = '/usr/share/citation-style-language'

/**
 * The system's CSL styles and locales: the folder `HANDOUT_CSL_DIR` names
 * (laid out as Debian's, `styles/` and `locales/` inside), else Debian's.
 * Read at each call, so that handout's start-up snapshot keeps no value of
 * the environment it was made in.
 */
export function systemCsl(): string {
  const chosen = process.env.HANDOUT_CSL_DIR
  return chosen ? resolve(chosen) : DEBIAN_CSL
}

/**
 * Folders outside the root that a document may name files in: handout's own
 * stylesheets, the system CSL styles and locales, Zotero's styles. (Fonts and
 * Paged.js are read by handout itself, never by a name in a document.)
 */
export function trustedFolders(): string[] {
  return [join(packageRoot(), 'styles'), systemCsl(), join(homedir(), 'Zotero', 'styles')]
}

export function createAccess(options: {root?: string | undefined; maxInputSize?: number | undefined} = {}): Access {
  const root = real(resolve(options.root ?? process.cwd()))
  return {root, trusted: trustedFolders().map(real), maxSize: options.maxInputSize ?? DEFAULT_MAX_INPUT_MB * 1024 * 1024}
}

function real(path: string): string {
  try {
    return realpathSync(path)
  } catch {
    return path
  }
}

export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path)
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel))
}

/** May handout read `path` (already real)? */
export function allowed(path: string, access: Access): boolean {
  return isInside(path, access.root) || access.trusted.some((folder) => isInside(path, folder))
}

/** A path as people see it in messages: relative to the working folder when inside it. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path)
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path
}

function refuse(reason: string, ruleId: string, by: NamedBy, note?: string): HandoutError {
  return new HandoutError(reason, {ruleId, file: by.file, place: by.place, note})
}

/** The real path of a file handout may read, or a HandoutError saying why not. */
export async function checkedPath(path: string, access: Access, by: NamedBy): Promise<string> {
  let target: string
  try {
    target = await realpath(path)
  } catch (error) {
    throw notFound(path, error, by)
  }
  return inside(path, target, access, by)
}

export function checkedPathSync(path: string, access: Access, by: NamedBy): string {
  let target: string
  try {
    target = realpathSync(path)
  } catch (error) {
    throw notFound(path, error, by)
  }
  return inside(path, target, access, by)
}

function notFound(path: string, error: unknown, by: NamedBy): HandoutError {
  const code = (error as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
    ? refuse(`${capital(by.what)} not found: ${shown(path)}`, 'file-missing', by)
    : refuse(`Cannot read ${by.what} ${shown(path)} (${code ?? String(error)})`, 'file-unreadable', by)
}

function inside(path: string, target: string, access: Access, by: NamedBy): string {
  if (!allowed(target, access)) {
    throw refuse(
      `${capital(by.what)} ${shown(path)} is outside the project folder ${access.root}${target !== resolve(path) ? ` (it leads to ${target})` : ''}`,
      'outside-root',
      by,
      'handout reads only files inside the project folder (the working folder, or `--root DIR`); move the file into it or build with `--root`'
    )
  }
  return target
}

/**
 * The bytes of a file that `by` names: inside the root, a regular file, not
 * above the size limit. Opened without blocking, so a FIFO is refused, not waited on.
 */
export async function readChecked(path: string, access: Access, by: NamedBy): Promise<Buffer> {
  const target = await checkedPath(path, access, by)
  let handle
  try {
    handle = await open(target, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW)
  } catch (error) {
    throw notFound(path, error, by)
  }
  try {
    const info = await handle.stat()
    check(path, info, access, by)
    const buffer = Buffer.alloc(info.size)
    let read = 0
    while (read < info.size) {
      const {bytesRead} = await handle.read(buffer, read, info.size - read, read)
      if (bytesRead === 0) break
      read += bytesRead
    }
    return buffer.subarray(0, read)
  } finally {
    await handle.close()
  }
}

export function readCheckedSync(path: string, access: Access, by: NamedBy): Buffer {
  const target = checkedPathSync(path, access, by)
  let fd: number
  try {
    fd = openSync(target, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW)
  } catch (error) {
    throw notFound(path, error, by)
  }
  try {
    const info = fstatSync(fd)
    check(path, info, access, by)
    const buffer = Buffer.alloc(info.size)
    let read = 0
    while (read < info.size) {
      const bytes = readSync(fd, buffer, read, info.size - read, read)
      if (bytes === 0) break
      read += bytes
    }
    return buffer.subarray(0, read)
  } finally {
    closeSync(fd)
  }
}

function check(path: string, info: {isFile(): boolean; isDirectory(): boolean; size: number}, access: Access, by: NamedBy): void {
  if (info.isDirectory()) throw refuse(`${capital(by.what)} ${shown(path)} is a folder, not a file`, 'not-a-file', by)
  if (!info.isFile()) throw refuse(`${capital(by.what)} ${shown(path)} is not a regular file (a device, FIFO or socket): not read`, 'not-a-file', by)
  if (info.size > access.maxSize) {
    throw refuse(
      `${capital(by.what)} ${shown(path)} is ${megabytes(info.size)}, above the limit of ${megabytes(access.maxSize)}`,
      'too-large',
      by,
      'Raise the limit with `--max-input-size MB` if the file is meant to be this large'
    )
  }
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
