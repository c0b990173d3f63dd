/**
 * The LaTeX of a BibTeX field -> inlines, as Pandoc's LaTeX reader reads a
 * field (with `raw_tex` and `smart`): accents and symbols to Unicode, `{…}`
 * to a span (case protection), font commands to emphasis, strong, small caps,
 * `--` to dashes, ``` ``…'' ``` to quotes, `$…$` to math; any other command
 * is raw LaTeX with its braced arguments, which prints nothing. It never
 * fails: what it cannot read stays text.
 */
import {type Inline, SPACE, str} from './inlines.js'

const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', d: '\u0323', b: '\u0331', r: '\u030A', k: '\u0328', t: '\u0361'
}

const SYMBOLS: Record<string, string> = {
  i: 'ı', j: 'ȷ', o: 'ø', O: 'Ø', l: 'ł', L: 'Ł', ss: 'ß', SS: 'SS', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å',
  dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  S: '§', P: '¶', pounds: '£', textsterling: '£', euro: '€', texteuro: '€', copyright: '©', textcopyright: '©',
  textregistered: '®', texttrademark: '™', dag: '†', ddag: '‡', textdagger: '†', textdaggerdbl: '‡',
  ldots: '…', dots: '…', textellipsis: '…', textendash: '–', textemdash: '—', textbackslash: '\\',
  textasciitilde: '~', textasciicircum: '^', textbar: '|', textless: '<', textgreater: '>', textunderscore: '_',
  textquotedblleft: '“', textquotedblright: '”', textquoteleft: '‘', textquoteright: '’', textquotesingle: "'",
  textquotedbl: '"', guillemotleft: '«', guillemotright: '»', guillemetleft: '«', guillemetright: '»',
  quotedblbase: '„', quotesinglbase: '‚', textperiodcentered: '·', textbullet: '•', textdegree: '°',
  LaTeX: 'LaTeX', TeX: 'TeX', LaTeXe: 'LaTeX2ε', BibTeX: 'BibTeX', hyphen: '-', textnbhy: '‑',
  '&': '&', '%': '%', $: '$', '#': '#', _: '_', '{': '{', '}': '}', ',': '\u2006', ' ': '\u00a0', ';': '\u2005', ':': '\u2005',
  nobreakspace: '\u00a0', nbsp: '\u00a0', thinspace: '\u2009', enspace: '\u2002', quad: '\u2003', qquad: '\u2003\u2003',
  addabbrvspace: ' ', addspace: ' ', addnbspace: '\u00a0', addthinspace: '\u2009', addnbthinspace: '\u202f',
  adddot: '.', addcomma: ',', addcolon: ':', addsemicolon: ';', addperiod: '.', adddotspace: '. ', addslash: '/'
}

/** Commands that print nothing and take no argument. */
const NOTHING = new Set(['relax', '@', '/', '-', '!', 'protect', 'noindent', 'unskip', 'break', 'nobreak', 'allowbreak', 'newblock', 'null', 'hfill', 'hfil', 'xspace', 'bibrangedash', 'ignorespaces'])

type Wrap = 'emph' | 'strong' | 'smallcaps' | 'sup' | 'sub'
const WRAPS: Record<string, Wrap | 'plain' | 'double' | 'code'> = {
  emph: 'emph', textit: 'emph', textsl: 'emph', mkbibemph: 'emph', mkbibitalic: 'emph',
  textbf: 'strong', mkbibbold: 'strong', textsc: 'smallcaps', mkbibacro: 'smallcaps',
  textsuperscript: 'sup', mkbibsuperscript: 'sup', textsubscript: 'sub', mkbibsubscript: 'sub',
  textrm: 'plain', textup: 'plain', textsf: 'plain', textnormal: 'plain', textmd: 'plain', text: 'plain', ensuremath: 'plain',
  mkbibquote: 'double', enquote: 'double', texttt: 'code'
}
/** Declarations that change the rest of their group (`{\em …}`). */
const SWITCHES: Record<string, Wrap | 'plain'> = {
  em: 'emph', it: 'emph', itshape: 'emph', sl: 'emph', slshape: 'emph', bf: 'strong', bfseries: 'strong',
  sc: 'smallcaps', scshape: 'smallcaps', rm: 'plain', sf: 'plain', tt: 'plain', upshape: 'plain', normalfont: 'plain', mdseries: 'plain', rmfamily: 'plain', sffamily: 'plain', ttfamily: 'plain'
}

/** Characters with no meaning to the reader, from `lastIndex` on. */
const ORDINARY = /[^\\{}$%\s~\-`']*/y

export interface ReadOptions {
  /** `\bibstring{key}` -> its text in the document's language. */
  bibstring?: (key: string) => string
}

/** A field's LaTeX -> inlines (Pandoc strips the field first). */
export function readLatex(source: string, options: ReadOptions = {}): Inline[] {
  const reader = new Reader(source.trim(), options)
  return normalize(reader.inlines(undefined))
}

class Reader {
  pos = 0
  constructor(readonly text: string, readonly options: ReadOptions) {}

  /** Inlines up to `close` (a `}` or the end). */
  inlines(close: '}' | undefined): Inline[] {
    const out: Inline[] = []
    const text = this.text
    while (this.pos < text.length) {
      const char = text[this.pos]!
      if (char === '}') {
        if (close) {
          this.pos++
          return out
        }
        this.pos++
        continue
      }
      if (char === '{') {
        this.pos++
        const children = this.inlines('}')
        if (children.length > 0) out.push({type: 'span', nocase: false, children})
        continue
      }
      if (char === '\\') {
        this.command(out, close)
        continue
      }
      if (char === '$') {
        this.math(out)
        continue
      }
      if (char === '%') {
        const end = text.indexOf('\n', this.pos)
        this.pos = end === -1 ? text.length : end + 1
        continue
      }
      if (/\s/.test(char)) {
        while (this.pos < text.length && /\s/.test(text[this.pos]!)) this.pos++
        out.push(SPACE)
        continue
      }
      if (char === '~') {
        this.pos++
        out.push(str('\u00a0'))
        continue
      }
      if (char === '-') {
        if (text.startsWith('---', this.pos)) {
          this.pos += 3
          out.push(str('—'))
        } else if (text.startsWith('--', this.pos)) {
          this.pos += 2
          out.push(str('–'))
        } else {
          this.pos++
          out.push(str('-'))
        }
        continue
      }
      if (char === '`') {
        this.quote(out, text.startsWith('``', this.pos))
        continue
      }
      if (char === "'") {
        this.pos++
        if (text[this.pos] === "'") {
          this.pos++
          out.push(str('”'))
        } else out.push(str('’'))
        continue
      }
      // A run of ordinary characters.
      ORDINARY.lastIndex = this.pos + 1
      ORDINARY.test(text)
      const end = ORDINARY.lastIndex > this.pos + 1 ? ORDINARY.lastIndex : this.pos + 1
      out.push(str(text.slice(this.pos, end)))
      this.pos = end
    }
    return out
  }

  /** ``` ``…'' ``` or `` `…' ``: quoted, if it closes in this group. */
  quote(out: Inline[], double: boolean): void {
    const open = double ? '``' : '`'
    const closeMark = double ? "''" : "'"
    const start = this.pos
    this.pos += open.length
    const inner: Inline[] = []
    // Read until the closing mark at this depth.
    const text = this.text
    let depth = 0
    let end = -1
    for (let i = this.pos; i < text.length; i++) {
      const c = text[i]
      if (c === '\\') {
        i++
        continue
      }
      if (c === '{') depth++
      else if (c === '}') {
        if (depth === 0) break
        depth--
      } else if (depth === 0 && text.startsWith(closeMark, i) && (double || !/\p{L}/u.test(text[i + 1] ?? ''))) {
        end = i
        break
      }
    }
    if (end === -1) {
      this.pos = start + open.length
      out.push(str(double ? '“' : '‘'))
      return
    }
    const sub = new Reader(text.slice(this.pos, end), this.options)
    inner.push(...sub.inlines(undefined))
    this.pos = end + closeMark.length
    out.push({type: 'quoted', double, children: normalize(inner)})
  }

  math(out: Inline[]): void {
    const text = this.text
    const display = text.startsWith('$$', this.pos)
    const mark = display ? '$$' : '$'
    const start = this.pos + mark.length
    let end = start
    while (end < text.length && !text.startsWith(mark, end)) end += text[end] === '\\' ? 2 : 1
    out.push({type: 'math', text: text.slice(start, Math.min(end, text.length)).trim()})
    this.pos = Math.min(end + mark.length, text.length)
  }

  /** A braced argument's raw text (or the next token), or undefined. */
  rawArgument(): string | undefined {
    const text = this.text
    let at = this.pos
    while (at < text.length && /[ \t]/.test(text[at]!)) at++
    if (text[at] !== '{') return undefined
    let depth = 0
    for (let i = at; i < text.length; i++) {
      if (text[i] === '\\') {
        i++
        continue
      }
      if (text[i] === '{') depth++
      else if (text[i] === '}' && --depth === 0) {
        this.pos = i + 1
        return text.slice(at + 1, i)
      }
    }
    this.pos = text.length
    return text.slice(at + 1)
  }

  /** A command's argument as inlines: `{…}` or the next character. */
  argument(): Inline[] {
    const raw = this.rawArgument()
    if (raw !== undefined) return new Reader(raw, this.options).inlines(undefined)
    const text = this.text
    while (this.pos < text.length && /\s/.test(text[this.pos]!)) this.pos++
    if (this.pos >= text.length) return []
    if (text[this.pos] === '\\') {
      const out: Inline[] = []
      this.command(out, undefined)
      return out
    }
    const char = String.fromCodePoint(text.codePointAt(this.pos)!)
    this.pos += char.length
    return [str(char)]
  }

  skipOptional(): void {
    const text = this.text
    if (text[this.pos] !== '[') return
    const end = text.indexOf(']', this.pos)
    if (end !== -1) this.pos = end + 1
  }

  command(out: Inline[], close: '}' | undefined): void {
    const text = this.text
    this.pos++ // the backslash
    const letters = /^[A-Za-z@]+/.exec(text.slice(this.pos, this.pos + 40))
    let name: string
    if (letters) {
      name = letters[0]
      this.pos += name.length
      if (text[this.pos] === '*') {
        name += '*'
        this.pos++
      }
      // A control word swallows the spaces after it.
      while (this.pos < text.length && /[ \t\n]/.test(text[this.pos]!)) this.pos++
    } else {
      name = text[this.pos] ?? ''
      this.pos += name.length
    }
    if (name === '') return
    if (name in ACCENTS) {
      out.push(...accent(this.argument(), ACCENTS[name]!))
      return
    }
    if (name === '\\') {
      out.push({type: 'break'})
      this.skipOptional()
      return
    }
    if (name in SYMBOLS) {
      const value = SYMBOLS[name]!
      if (name === 'adddotspace') out.push(str('.'), SPACE)
      else out.push(str(value))
      return
    }
    if (NOTHING.has(name)) return
    if (name === '(' || name === '[') {
      const closing = name === '(' ? '\\)' : '\\]'
      const end = text.indexOf(closing, this.pos)
      out.push({type: 'math', text: text.slice(this.pos, end === -1 ? text.length : end).trim()})
      this.pos = end === -1 ? text.length : end + 2
      return
    }
    const bare = name.replace(/\*$/, '')
    const wrap = WRAPS[bare]
    if (wrap) {
      const children = normalize(this.argument())
      if (wrap === 'plain') out.push(...children)
      else if (wrap === 'code') out.push({type: 'code', text: childrenText(children)})
      // Pandoc reads `\mkbibquote`'s argument as a group, which keeps its case; `\enquote`'s as inlines.
      else if (wrap === 'double') out.push({type: 'quoted', double: !name.endsWith('*'), children: bare === 'mkbibquote' && children.length > 0 ? [{type: 'span', nocase: false, children}] : children})
      else out.push({type: wrap, children})
      return
    }
    const switched = SWITCHES[name]
    if (switched) {
      const rest = normalize(this.inlines(close))
      if (close) this.pos-- // leave the group's `}` to the caller
      out.push(switched === 'plain' ? {type: 'span', nocase: false, children: rest} : {type: switched, children: rest})
      return
    }
    switch (bare) {
      case 'url': {
        const url = this.rawArgument() ?? ''
        out.push({type: 'link', url, children: [str(url)]})
        return
      }
      case 'href': {
        const url = this.rawArgument() ?? ''
        out.push({type: 'link', url, children: normalize(this.argument())})
        return
      }
      case 'bibstring': {
        const key = this.rawArgument() ?? ''
        out.push(str(this.options.bibstring ? this.options.bibstring(key) : key))
        return
      }
      case 'mkbibparens':
        out.push(str('('), ...this.argument(), str(')'))
        return
      case 'mkbibbrackets':
        out.push(str('['), ...this.argument(), str(']'))
        return
    }
    // Any other command: raw LaTeX with its options and braced arguments, which prints nothing.
    this.skipOptional()
    while (this.rawArgument() !== undefined) {
      /* consume every braced argument */
    }
    out.push({type: 'raw'})
  }
}

function childrenText(children: readonly Inline[]): string {
  return children.map((c) => (c.type === 'str' ? c.text : c.type === 'space' ? ' ' : 'children' in c ? childrenText(c.children) : '')).join('')
}

/** `\'{e}` -> é: the mark on the argument's first character, composed. */
function accent(argument: Inline[], mark: string): Inline[] {
  const first = argument.findIndex((node) => node.type === 'str' || node.type === 'span')
  if (first === -1) return [str(mark === '\u0301' ? "'" : mark === '\u0302' ? '^' : mark === '\u0303' ? '~' : mark)]
  const node = argument[first]!
  if (node.type === 'span') return [...argument.slice(0, first), {...node, children: accent(node.children, mark)}, ...argument.slice(first + 1)]
  if (node.type !== 'str') return argument
  const chars = [...node.text]
  const composed = (chars[0]! + mark).normalize('NFC')
  return [...argument.slice(0, first), str(composed + chars.slice(1).join('')), ...argument.slice(first + 1)]
}

/** Adjacent Strs joined, runs of spaces collapsed, outer spaces trimmed (as in a Pandoc paragraph). */
export function normalize(nodes: Inline[]): Inline[] {
  const out: Inline[] = []
  for (const node of nodes) {
    const last = out[out.length - 1]
    if (node.type === 'str') {
      if (node.text === '') continue
      if (last?.type === 'str') out[out.length - 1] = str(last.text + node.text)
      else out.push(node)
    } else if (node.type === 'space') {
      if (last && last.type !== 'space' && last.type !== 'break') out.push(node)
    } else if (node.type === 'break') {
      if (last?.type === 'space') out.pop()
      out.push(node)
    } else out.push(node)
  }
  while (out[out.length - 1]?.type === 'space') out.pop()
  return out
}
