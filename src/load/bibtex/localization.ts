/**
 * BibLaTeX's localisation keys (`\bibstring{phdthesis}`, `type = {mathesis}`,
 * an undefined macro such as `jan`) and language names (`langid`), as Pandoc
 * resolves them: the long forms of biblatex's `.lbx` files that Pandoc 2.17
 * ships (citeproc/biblatex-localization, LPPL), for the languages with
 * enough keys to matter; `toIETF` is Pandoc's table (Citeproc/Util.hs).
 */
import strings from './biblatex-strings.json' with {type: 'json'}
import {readLatex} from './latex.js'
import {stringify} from './inlines.js'

const TABLE = strings as Record<string, Record<string, string>>

/** A key in the document's language (`en`, `de`…), or the key itself. */
export function resolveKey(language: string, key: string): string {
  const long = TABLE[language]?.[key]
  return long === undefined ? key : stringify(readLatex(long))
}

const IETF: Record<string, string> = {
  english: 'en-US', usenglish: 'en-US', american: 'en-US', british: 'en-GB', ukenglish: 'en-GB', canadian: 'en-US',
  australian: 'en-GB', newzealand: 'en-GB', afrikaans: 'af-ZA', arabic: 'ar', basque: 'eu', bulgarian: 'bg-BG',
  catalan: 'ca-AD', croatian: 'hr-HR', czech: 'cs-CZ', danish: 'da-DK', dutch: 'nl-NL', estonian: 'et-EE',
  finnish: 'fi-FI', canadien: 'fr-CA', acadian: 'fr-CA', french: 'fr-FR', francais: 'fr-FR', austrian: 'de-AT',
  naustrian: 'de-AT', german: 'de-DE', germanb: 'de-DE', ngerman: 'de-DE', greek: 'el-GR', polutonikogreek: 'el-GR',
  hebrew: 'he-IL', hungarian: 'hu-HU', icelandic: 'is-IS', italian: 'it-IT', japanese: 'ja-JP', latvian: 'lv-LV',
  lithuanian: 'lt-LT', magyar: 'hu-HU', mongolian: 'mn-MN', norsk: 'nb-NO', nynorsk: 'nn-NO', farsi: 'fa-IR',
  polish: 'pl-PL', brazil: 'pt-BR', brazilian: 'pt-BR', portugues: 'pt-PT', portuguese: 'pt-PT', romanian: 'ro-RO',
  russian: 'ru-RU', serbian: 'sr-RS', serbianc: 'sr-RS', slovak: 'sk-SK', slovene: 'sl-SL', spanish: 'es-ES',
  swedish: 'sv-SE', thai: 'th-TH', turkish: 'tr-TR', ukrainian: 'uk-UA', vietnamese: 'vi-VN', latin: 'la'
}

/** A babel/polyglossia language name -> its IETF tag (`ngerman` -> `de-DE`); anything else unchanged. */
export function toIETF(name: string): string {
  return IETF[name] ?? name
}
