/**
 * `handout doctor`: what handout needs, found or not, each with a fix.
 * Exit 0 when HTML and PDF output both work here, else 1.
 */
import {existsSync, readdirSync} from 'node:fs'
import {browserCandidates, findBrowser} from '../paginate/browser.js'
import {fontPackages} from '../paginate/fonts.js'
import {systemLocales, systemStyles} from '../load/style.js'
import {snapshotStatus} from './snapshot-info.js'

function count(dir: string, suffix: string): number {
  try {
    return readdirSync(dir).filter((f) => f.endsWith(suffix)).length
  } catch {
    return 0
  }
}

export async function doctor(options: {browser?: string | undefined}): Promise<number> {
  const lines: string[] = []
  let ok = true
  const check = (good: boolean, what: string, fix: string): void => {
    lines.push(`${good ? 'ok  ' : 'FIX '} ${what}${good ? '' : `\n       ${fix}`}`)
    if (!good) ok = false
  }

  const major = Number(process.versions.node.split('.')[0])
  check(major >= 20, `Node.js ${process.versions.node} (20 or later needed)`, 'Install Node.js 20 or later (https://nodejs.org, or your package manager).')

  const choice = findBrowser({browser: options.browser})
  check(Boolean(choice), choice ? `browser for PDF: ${choice.source}` : 'browser for PDF: none found', 'sudo apt-get install chromium  (macOS: brew install --cask chromium; anywhere: npx puppeteer browsers install chrome-headless-shell), or --browser PATH')
  lines.push('       looked at, in order:')
  for (const candidate of browserCandidates({browser: options.browser})) {
    lines.push(`         ${existsSync(candidate.path) ? '*' : '-'} ${candidate.label}: ${candidate.path}`)
  }

  for (const font of fontPackages()) {
    check(Boolean(font.dir), `font ${font.name}${font.dir ? ` (${font.dir})` : ''}`, 'Run `npm ci` in the handout folder: the fonts come with it.')
  }

  const styles = count(systemStyles(), '.csl')
  lines.push(`${styles > 0 ? 'ok  ' : 'note'} CSL styles: ${styles} in ${systemStyles()}, plus csl/ and the bundled apa, vancouver, harvard1`)
  if (styles === 0) lines.push('       For ~2,500 styles: sudo apt-get install citation-style-language-styles')
  const locales = count(systemLocales(), '.xml')
  lines.push(`${locales > 0 ? 'ok  ' : 'note'} CSL locales: ${locales} in ${systemLocales()}, plus 5 bundled (en-US, de-DE, fr-FR, es-ES, nl-NL)`)
  if (locales === 0) lines.push('       For every language: sudo apt-get install citation-style-language-locales')

  if (process.execArgv.includes('--snapshot-blob')) {
    lines.push(`ok   start-up snapshot: in use (${process.execArgv[process.execArgv.indexOf('--snapshot-blob') + 1]})`)
  } else {
    const {reason} = snapshotStatus(import.meta.url)
    lines.push(`note start-up snapshot: not used, ${reason ?? 'handout was started without its launcher'}; handout works, it only starts slower`)
  }

  process.stdout.write(lines.join('\n') + '\n' + (ok ? 'Everything handout needs is here.\n' : 'Some checks need a fix (see above).\n'))
  return ok ? 0 : 1
}
