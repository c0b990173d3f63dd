/**
 * Finding and running a Chromium for printing. Search order (reported by
 * `handout doctor`): --browser / HANDOUT_BROWSER; PUPPETEER_EXECUTABLE_PATH /
 * CHROME_PATH; the system's Chromium or Chrome; a browser Puppeteer itself
 * downloaded (~/.cache/puppeteer). --browser-endpoint connects to a running one.
 * One browser per run, a fresh profile in a temporary folder that is removed
 * again, and the browser always shut down.
 */
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Browser} from 'puppeteer'

export interface BrowserOptions {
  browser?: string | undefined
  browserEndpoint?: string | undefined
  env?: NodeJS.ProcessEnv | undefined
}

export interface BrowserChoice {
  executablePath?: string | undefined
  endpoint?: string | undefined
  /** Where it was found, e.g. "system (/usr/bin/chromium)". */
  source: string
}

export interface Candidate {
  label: string
  path: string
}

const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium'
]

/** Every place looked at, in order, whether or not something is there. */
export function browserCandidates(options: BrowserOptions = {}): Candidate[] {
  const env = options.env ?? process.env
  const list: Candidate[] = []
  if (options.browser) list.push({label: '--browser', path: options.browser})
  if (env.HANDOUT_BROWSER) list.push({label: 'HANDOUT_BROWSER', path: env.HANDOUT_BROWSER})
  if (env.PUPPETEER_EXECUTABLE_PATH) list.push({label: 'PUPPETEER_EXECUTABLE_PATH', path: env.PUPPETEER_EXECUTABLE_PATH})
  if (env.CHROME_PATH) list.push({label: 'CHROME_PATH', path: env.CHROME_PATH})
  for (const path of SYSTEM_BROWSERS) list.push({label: 'system', path})
  const cache = join(env.PUPPETEER_CACHE_DIR ?? join(homedir(), '.cache', 'puppeteer'))
  for (const [kind, binary] of [['chrome-headless-shell', 'chrome-headless-shell'], ['chrome', 'chrome']] as const) {
    const dir = join(cache, kind)
    let versions: string[] = []
    try {
      versions = readdirSync(dir).sort().reverse()
    } catch {
      continue
    }
    for (const version of versions) {
      for (const platform of ['linux64', 'mac-x64', 'mac-arm64']) {
        list.push({label: `Puppeteer's ${kind} ${version}`, path: join(dir, version, `${kind}-${platform}`, binary)})
      }
    }
  }
  return list
}

export function findBrowser(options: BrowserOptions = {}): BrowserChoice | undefined {
  if (options.browserEndpoint) return {endpoint: options.browserEndpoint, source: `--browser-endpoint ${options.browserEndpoint}`}
  for (const candidate of browserCandidates(options)) {
    if (existsSync(candidate.path)) return {executablePath: candidate.path, source: `${candidate.label} (${candidate.path})`}
    // An explicit choice that does not exist is an error, not a reason to look elsewhere.
    if (candidate.label === '--browser' || candidate.label === 'HANDOUT_BROWSER') return undefined
  }
  return undefined
}

export const NO_BROWSER_HELP = [
  'No Chromium or Chrome found for PDF output (HTML was still written). Get one with:',
  '  Debian/Ubuntu:  sudo apt-get install chromium',
  '  macOS:          brew install --cask chromium   (or install Google Chrome)',
  '  any system:     npx puppeteer browsers install chrome-headless-shell',
  'or point to one with --browser PATH or HANDOUT_BROWSER; `handout doctor` shows where it looked.'
].join('\n')

export interface BrowserSession {
  browser: Browser
  endpoint: string
  source: string
  close(): Promise<void>
}

const FLAGS = [
  '--headless=new',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--mute-audio',
  '--allow-file-access-from-files',
  '--font-render-hinting=none'
]

export async function launchBrowser(choice: BrowserChoice): Promise<BrowserSession> {
  const puppeteer = (await import('puppeteer')).default
  if (choice.endpoint) {
    const browser = await puppeteer.connect({browserWSEndpoint: choice.endpoint})
    return {browser, endpoint: choice.endpoint, source: choice.source, close: async () => browser.disconnect()}
  }
  const profile = mkdtempSync(join(tmpdir(), 'handout-chromium-'))
  // Chromium's own scratch files go inside the profile too, so they are removed
  // with it, even after a crash; but only where its socket paths
  // (`<dir>/org.chromium.Chromium.XXXXXX/SingletonSocket`) stay under Linux's
  // 108-byte limit, else it could not start.
  const scratch = join(profile, 't')
  const ownScratch = scratch.length + 46 < 108
  if (ownScratch) mkdirSync(scratch)
  const args = [...FLAGS]
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox')
  let browser: Browser
  try {
    browser = await puppeteer.launch({
      ...(choice.executablePath ? {executablePath: choice.executablePath} : {}),
      headless: 'new',
      userDataDir: profile,
      ...(ownScratch ? {env: {...process.env, TMPDIR: scratch}} : {}),
      args,
      ignoreDefaultArgs: ['--enable-automation'],
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false
    })
  } catch (error) {
    rmSync(profile, {recursive: true, force: true})
    throw error
  }
  let closed = false
  return {
    browser,
    endpoint: browser.wsEndpoint(),
    source: choice.source,
    async close() {
      if (closed) return
      closed = true
      const child = browser.process()
      let timer: NodeJS.Timeout | undefined
      await Promise.race([
        // A lost browser (crashed, killed) never answers Browser.close, and the
        // unanswered call would keep Node alive for three minutes.
        browser.isConnected() ? browser.close().catch(() => undefined) : undefined,
        new Promise((resolve) => {
          timer = setTimeout(resolve, 5000)
        })
      ])
      clearTimeout(timer)
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      rmSync(profile, {recursive: true, force: true, maxRetries: 3})
    }
  }
}
