/**
 * TeX macros as Pandoc's `latex_macros` extension uses them: definitions in
 * the manuscript (`\newcommand{\R}{\mathbb{R}}`) are expanded inside math,
 * so the formula that is rendered (and kept in the HTML) needs nothing else.
 */

export interface Macro {
  /** Number of arguments, 0–9. */
  arity: number
  /** The first argument's default, making it optional (`[…]`). */
  optional?: string | undefined
  body: string
}

export type Macros = Map<string, Macro>

/** Expansions per formula, and its length after them: a recursive macro stops here. */
const MAX_EXPANSIONS = 10_000
const MAX_LENGTH = 100_000

const DEFINITION = /^\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def)\*?/

/** Reads a balanced `{…}` (or `[…]`) at `index`: its inner text and where it ends. */
function group(text: string, index: number, open = '{', close = '}'): {inner: string; end: number} | undefined {
  if (text[index] !== open) return undefined
  let depth = 0
  for (let i = index; i < text.length; i++) {
    const c = text[i]
    if (c === '\\') {
      i++
      continue
    }
    if (c === open) depth++
    else if (c === close && --depth === 0) return {inner: text.slice(index + 1, i), end: i + 1}
  }
  return undefined
}

function skipSpaces(text: string, index: number): number {
  while (index < text.length && /\s/.test(text[index]!)) index++
  return index
}

/**
 * A definition (`\newcommand{\x}[2][d]{…}`, `\renewcommand`,
 * `\providecommand`, `\def\x#1{…}`, `\DeclareMathOperator{\x}{…}`), added to
 * `macros`. False when `raw` is no definition.
 */
export function define(raw: string, macros: Macros): boolean {
  const head = DEFINITION.exec(raw)
  if (!head) return false
  const kind = head[1]!
  let index = skipSpaces(raw, head[0].length)
  let name: string | undefined
  const braced = group(raw, index)
  if (braced) {
    name = /^\s*\\([A-Za-z]+|.)\s*$/.exec(braced.inner)?.[1]
    index = braced.end
  } else {
    const bare = /^\\([A-Za-z]+|.)/.exec(raw.slice(index))
    name = bare?.[1]
    index += bare?.[0].length ?? 0
  }
  if (!name) return false
  let arity = 0
  let optional: string | undefined
  if (kind === 'def') {
    const params = /^(#\d)*/.exec(raw.slice(index))![0]
    arity = params.length / 2
    index += params.length
  } else if (kind !== 'DeclareMathOperator') {
    const count = group(raw, skipSpaces(raw, index), '[', ']')
    if (count) {
      arity = Math.min(9, Number.parseInt(count.inner, 10) || 0)
      index = count.end
      const fallback = group(raw, skipSpaces(raw, index), '[', ']')
      if (fallback) {
        optional = fallback.inner
        index = fallback.end
      }
    }
  }
  const body = group(raw, skipSpaces(raw, index))
  if (!body) return false
  if (kind === 'providecommand' && macros.has(name)) return true
  macros.set(name, {
    arity,
    optional,
    body: kind === 'DeclareMathOperator' ? `\\operatorname{${body.inner}}` : body.inner
  })
  return true
}

/** One argument at `index`: a braced group, or one token (`\cmd` or a character). */
function argument(text: string, index: number): {value: string; end: number} | undefined {
  const start = skipSpaces(text, index)
  if (start >= text.length) return undefined
  const braced = group(text, start)
  if (braced) return {value: braced.inner, end: braced.end}
  if (text[start] === '\\') {
    const command = /^\\([A-Za-z]+|.)/.exec(text.slice(start))
    if (!command) return undefined
    return {value: command[0], end: start + command[0].length}
  }
  const character = String.fromCodePoint(text.codePointAt(start)!)
  return {value: character, end: start + character.length}
}

/**
 * `tex` with the macros expanded (each expansion read again, as TeX does),
 * or undefined when expansion does not end (a macro that calls itself).
 */
export function expand(tex: string, macros: Macros): string | undefined {
  if (macros.size === 0 || !tex.includes('\\')) return tex
  let text = tex
  let expansions = 0
  let index = 0
  while (index < text.length) {
    const found = text.indexOf('\\', index)
    if (found === -1) break
    const command = /^\\([A-Za-z]+|.)/.exec(text.slice(found, found + 200))
    if (!command) break
    const macro = macros.get(command[1]!)
    if (!macro) {
      index = found + command[0].length
      continue
    }
    if (++expansions > MAX_EXPANSIONS || text.length > MAX_LENGTH) return undefined
    let end = found + command[0].length
    const args: string[] = []
    for (let n = 1; n <= macro.arity; n++) {
      if (n === 1 && macro.optional !== undefined) {
        const option = group(text, skipSpaces(text, end), '[', ']')
        args.push(option ? option.inner : macro.optional)
        if (option) end = option.end
        continue
      }
      const arg = argument(text, end)
      if (!arg) break
      args.push(arg.value)
      end = arg.end
    }
    const body = macro.body.replace(/#(\d)/g, (all, digit: string) => args[Number(digit) - 1] ?? all)
    // The expansion is read again from where it starts.
    text = text.slice(0, found) + body + text.slice(end)
    index = found
  }
  return text
}
