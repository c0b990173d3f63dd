/**
 * TeX math in a bibliography field (`$O(n \log n)$`) -> the rich text
 * citeproc-js prints, as Pandoc's texmath prints simple math in HTML:
 * letters in italics, function names upright, `^`/`_` as superscript and
 * subscript, Greek letters as characters, spaces only around binary
 * operators and where `\,` or `\!` asks. What it does not know it leaves out.
 */
const GREEK: Record<string, string> = {
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ϵ', varepsilon: 'ε', zeta: 'ζ', eta: 'η', theta: 'θ', vartheta: 'ϑ',
  iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', varpi: 'ϖ', rho: 'ρ', varrho: 'ϱ', sigma: 'σ',
  varsigma: 'ς', tau: 'τ', upsilon: 'υ', phi: 'ϕ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Upsilon: 'Υ', Phi: 'Φ', Psi: 'Ψ', Omega: 'Ω'
}
const FUNCTIONS = new Set(['log', 'ln', 'lg', 'exp', 'sin', 'cos', 'tan', 'cot', 'sec', 'csc', 'sinh', 'cosh', 'tanh', 'arcsin', 'arccos', 'arctan', 'max', 'min', 'sup', 'inf', 'lim', 'det', 'dim', 'gcd', 'deg', 'arg', 'ker', 'hom', 'Pr'])
const OPERATORS: Record<string, string> = {pm: '±', mp: '∓', times: '×', cdot: '⋅', div: '÷', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼', equiv: '≡', to: '→', rightarrow: '→', leftarrow: '←', in: '∈', cup: '∪', cap: '∩'}
const SYMBOLS: Record<string, string> = {infty: '∞', ldots: '…', cdots: '⋯', dots: '…', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫', prime: '′', circ: '∘'}
const SPACES = new Set([',', '!', ':', ';', ' ', 'quad', 'qquad'])

export function mathToCsl(tex: string): string {
  let pos = 0
  const atom = (): string => {
    while (pos < tex.length && /\s/.test(tex[pos]!)) pos++
    if (pos >= tex.length) return ''
    const c = tex[pos]!
    if (c === '{') {
      pos++
      let out = ''
      while (pos < tex.length && tex[pos] !== '}') out += item()
      pos++
      return out
    }
    return item()
  }
  const item = (): string => {
    const c = tex[pos]!
    if (/\s/.test(c)) {
      pos++
      return ''
    }
    if (c === '\\') {
      const name = /^\\([A-Za-z]+|.)/.exec(tex.slice(pos))?.[1] ?? ''
      pos += 1 + name.length
      if (name in GREEK) return /[a-z]/.test(name[0]!) ? `<i>${GREEK[name]}</i>` : GREEK[name]!
      if (FUNCTIONS.has(name)) return name
      if (name in OPERATORS) return ` ${OPERATORS[name]} `
      if (name in SYMBOLS) return SYMBOLS[name]!
      if (SPACES.has(name)) return ' '
      if (name === '{' || name === '}' || name === '%' || name === '&' || name === '#' || name === '$' || name === '_') return name
      return ''
    }
    if (c === '^' || c === '_') {
      pos++
      const inner = atom()
      return c === '^' ? `<sup>${inner}</sup>` : `<sub>${inner}</sub>`
    }
    if (c === '{') return atom()
    if (c === '}') {
      pos++
      return ''
    }
    pos++
    if (/[A-Za-z]/.test(c)) return `<i>${c}</i>`
    if (c === '+' || c === '=' || c === '<' || c === '>' || c === '-') return ` ${c === '-' ? '−' : c} `
    return c
  }
  let out = ''
  while (pos < tex.length) out += item()
  return out.replace(/ {2,}/g, ' ').trim()
}
