/**
 * Quotation marks by language, as typesetters set them (Pandoc's HTML writer
 * always sets English ones; handout follows `lang`). Outer then inner quotes;
 * French and the languages that space their guillemets get a narrow no-break
 * space inside them.
 */
export interface QuoteMarks {
  open: string
  close: string
  openInner: string
  closeInner: string
}

const NNBSP = '\u202f'

const ENGLISH: QuoteMarks = {open: '\u201c', close: '\u201d', openInner: '\u2018', closeInner: '\u2019'}
const GERMAN: QuoteMarks = {open: '\u201e', close: '\u201c', openInner: '\u201a', closeInner: '\u2018'}
const GUILLEMETS: QuoteMarks = {open: '\u00ab', close: '\u00bb', openInner: '\u201c', closeInner: '\u201d'}
const SWISS: QuoteMarks = {open: '\u00ab', close: '\u00bb', openInner: '\u2039', closeInner: '\u203a'}
const FRENCH: QuoteMarks = {open: `\u00ab${NNBSP}`, close: `${NNBSP}\u00bb`, openInner: '\u201c', closeInner: '\u201d'}
const NORDIC: QuoteMarks = {open: '\u201d', close: '\u201d', openInner: '\u2019', closeInner: '\u2019'}
const POLISH: QuoteMarks = {open: '\u201e', close: '\u201d', openInner: '\u00ab', closeInner: '\u00bb'}
const DANISH: QuoteMarks = {open: '\u00bb', close: '\u00ab', openInner: '\u203a', closeInner: '\u2039'}
const CJK: QuoteMarks = {open: '\u300c', close: '\u300d', openInner: '\u300e', closeInner: '\u300f'}
const RUSSIAN: QuoteMarks = {open: '\u00ab', close: '\u00bb', openInner: '\u201e', closeInner: '\u201c'}

const BY_LANGUAGE: Record<string, QuoteMarks> = {
  de: GERMAN, cs: GERMAN, sk: GERMAN, sl: GERMAN, bg: GERMAN, et: GERMAN, is: GERMAN, lt: GERMAN, lv: GERMAN, ka: GERMAN,
  hr: POLISH, hu: POLISH, pl: POLISH, ro: POLISH,
  fr: FRENCH,
  es: GUILLEMETS, it: GUILLEMETS, pt: GUILLEMETS, ca: GUILLEMETS, el: GUILLEMETS, nb: GUILLEMETS, nn: GUILLEMETS, no: GUILLEMETS, eu: GUILLEMETS, gl: GUILLEMETS, ar: GUILLEMETS, fa: GUILLEMETS,
  ru: RUSSIAN, uk: RUSSIAN, be: RUSSIAN,
  sv: NORDIC, fi: NORDIC,
  da: DANISH,
  ja: CJK
}

/** Regions that differ from their language's marks. */
const BY_REGION: Record<string, QuoteMarks> = {
  'de-ch': SWISS, 'de-li': SWISS, 'fr-ch': SWISS, 'it-ch': SWISS, 'pt-br': ENGLISH, 'zh-tw': CJK, 'zh-hk': CJK
}

export function quotesFor(lang: string | undefined): QuoteMarks {
  if (!lang) return ENGLISH
  const lower = lang.toLowerCase().replace(/_/g, '-')
  const [language = lower, region] = lower.split('-')
  return (region && BY_REGION[`${language}-${region}`]) || BY_LANGUAGE[language] || ENGLISH
}
