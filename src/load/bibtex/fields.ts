/**
 * The fields a BibTeX/BibLaTeX file may hold without a warning: BibLaTeX's
 * data model (citation-js's field list), BibTeX's own, the date parts Pandoc
 * reads, and what reference managers and bibliography archives write
 * (JabRef, BibDesk, Mendeley, Zotero, Nelson Beebe's TeX archives). Any
 * other field is most often a typo (`auther`, `titel`): a warning says so.
 */
import fieldTypes from '@citation-js/plugin-bibtex/lib/input/fieldTypes.json' with {type: 'json'}
import {closest, editDistance} from '../../errors.js'

const PANDOC = ['day', 'endyear', 'endmonth', 'endday', 'eventyear', 'eventmonth', 'eventday', 'eventendyear', 'eventendmonth', 'eventendday', 'origyear', 'origmonth', 'origday', 'urlyear', 'urlmonth', 'urlday', 'hyphenation', 'director', 'mainsubtitle', 'maintitleaddon', 'issue', 'eprint', 'eprinttype', 'eprintclass']
const EXPORTERS = [
  'abstract', 'keywords', 'file', 'timestamp', 'owner', 'groups', 'ranking', 'priority', 'readstatus', 'qualityassured', 'printed', 'relevance', 'comment', 'comments', 'review', 'rating',
  'copyright', 'lccn', 'mrclass', 'mrnumber', 'mrreviewer', 'zmnumber', 'zblnumber', 'coden', 'bibdate', 'bibsource', 'acknowledgement', 'fjournal', 'issn-l', 'unique-id', 'da', 'jstor', 'ean', 'price', 'size', 'lastchecked', 'accessed', 'urlaccessdate',
  'medline-pst', 'pubmed', 'arxivid', 'archive', 'archivePrefix', 'shortauthor', 'editoratype', 'citation-key', 'journal-iso', 'note', 'day', 'address', 'language', 'langid', 'type', 'isbn', 'issn', 'doi', 'url', 'key', 'edition', 'chapter'
].map((name) => name.toLowerCase())

const KNOWN = new Set([...Object.keys(fieldTypes as Record<string, unknown>), ...PANDOC, ...EXPORTERS])

/** A field handout knows or that exporters write; names with a `-` (`bdsk-url-1`, `mendeley-tags`) are exporters' own. */
export function isKnownField(name: string): boolean {
  return KNOWN.has(name) || name.includes('-')
}

/** The known field closest to a misspelt one, if close enough to be a typo. */
export function closestField(name: string): string | undefined {
  const [best] = closest(name, KNOWN, 1)
  return best !== undefined && editDistance(best, name) <= 2 ? best : undefined
}
