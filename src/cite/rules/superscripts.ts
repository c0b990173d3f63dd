/**
 * Superscript characters (the French locale's `nᵒ`, `²`, `ª`, `™`) stay as
 * they are, as in Pandoc; citeproc-js's HTML escape rewrites them as
 * `<sup>o</sup>`. citeproc-js picks the escape by a static
 * (`CSL.getSafeEscape(state)`): a process-wide wrapper that gives its own
 * escape only to engines that follow handout's rules (see sys.ts).
 */
import CSL from 'citeproc'
import {followsRules, type Installed} from './sys.js'

type Escape = (text: string) => string
interface EscapeState {
  opt: {mode: string}
  tmp: {area: string}
}
interface Statics {
  getSafeEscape: Installed<(state: EscapeState) => Escape>
}

/** citeproc-js's own HTML escape, less its superscript rewrite. */
const escapeKeepingSuperscripts: Escape = (text) =>
  (text || '').replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;').replace(/\s\s/g, '\u00A0 ')

export function keepSuperscripts(): void {
  const csl = CSL as unknown as Statics
  if (csl.getSafeEscape.__handoutRule) return
  const original = csl.getSafeEscape
  csl.getSafeEscape = Object.assign(
    function (this: unknown, state: EscapeState): Escape {
      const escape = original.call(this, state)
      // Only where citeproc-js escapes at all (a citation or bibliography in HTML).
      if (!followsRules(state) || state.opt.mode !== 'html' || !['bibliography', 'citation'].includes(state.tmp.area)) return escape
      return escapeKeepingSuperscripts
    },
    {__handoutRule: true as const}
  )
}
