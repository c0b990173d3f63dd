/**
 * Finding and running a Chromium for printing. Search order (reported by
 * `handout doctor`): --browser / HANDOUT_BROWSER; PUPPETEER_EXECUTABLE_PATH /
 * CHROME_PATH; the system's Chromium or Chrome; a browser Puppeteer itself
 * downloaded (~/.cache/puppeteer). --browser-endpoint connects to a running one.
 * One browser per run, a fresh profile in a temporary folder that is removed
 * again, and the browser always shut down.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {homedir, tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import type {Browser} from 'puppeteer'
import {alive} from '../output/write.js'
import {makeProfile, removeProfile, removeStaleProfiles} from './profile.js'

export interface BrowserOptions {
  browser?: string | undefined
  browserEndpoint?: string | undefined
  env?: NodeJS.ProcessEnv | undefined
}

export interface BrowserChoice {
  executablePath?: string | undefined
  /** @sparticuz/chromium: unpacked into the temp folder on first use, then launched. */
  unpack?: boolean | undefined
  endpoint?: string | undefined
  /** Where it was found, e.g. "system (/usr/bin/chromium)". */
  source: string
}

export interface Candidate {
  label: string
  path: string
  /** The path is a package holding a compressed browser (@sparticuz/chromium). */
  unpack?: boolean
}

const require = createRequire(import.meta.url)
const PACKAGED = '@sparticuz/chromium'

/**
 * @sparticuz/chromium (an optional dependency, Linux x64 only): a headless
 * Chromium inside an npm package, so `npm install` alone is enough.
 */
function packagedChromium(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return undefined
  try {
    // Its exports map hides package.json: step up from the entry point (build/cjs/index.js).
    return dirname(dirname(dirname(require.resolve('@sparticuz/chromium'))))
  } catch {
    return undefined
  }
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
  // `--browser @sparticuz/chromium` picks the packaged one by name.
  const explicit = (label: string, value: string): Candidate =>
    value === PACKAGED ? {label, path: packagedChromium() ?? `${PACKAGED} (not installed)`, unpack: true} : {label, path: value}
  if (options.browser) list.push(explicit('--browser', options.browser))
  if (env.HANDOUT_BROWSER) list.push(explicit('HANDOUT_BROWSER', env.HANDOUT_BROWSER))
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
  const packaged = packagedChromium()
  if (packaged) list.push({label: `npm ${PACKAGED}`, path: packaged, unpack: true})
  return list
}

export function findBrowser(options: BrowserOptions = {}): BrowserChoice | undefined {
  if (options.browserEndpoint) return {endpoint: options.browserEndpoint, source: `--browser-endpoint ${options.browserEndpoint}`}
  for (const candidate of browserCandidates(options)) {
    if (candidate.unpack && existsSync(candidate.path)) {
      return {unpack: true, source: `${candidate.label} (${candidate.path}; unpacked on first use into ${join(tmpdir(), 'chromium')})`}
    }
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
  /** Shut it down; `now`: at once (the run was interrupted and has a second to end). */
  close(now?: boolean): Promise<void>
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
  '--font-render-hinting=none'
]

/**
 * A second wall behind the sealed page (sealed-page.ts answers every request):
 * whatever might still leave the browser without a request it can refuse
 * (DNS prefetch, preconnects, WebRTC) meets no name resolution and a proxy
 * where nothing listens. The page's own requests never get this far.
 */
const OFFLINE = [
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--proxy-server=socks5://127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--dns-prefetch-disable',
  '--force-webrtc-ip-handling-policy',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp'
]

/** Puppeteer's own launch flags (`puppeteer.defaultArgs()`), but for `--enable-automation` and `--disable-popup-blocking`. */
const PUPPETEER_DEFAULTS = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-extensions',
  '--disable-features=Translate,BackForwardCache,AcceptCHFrame,MediaRouter,OptimizationHints',
  '--disable-hang-monitor',
  '--disable-ipc-flooding-protection',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-sync',
  '--enable-blink-features=IdleDetection',
  '--enable-features=NetworkServiceInProcess2',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  '--hide-scrollbars',
  '--mute-audio'
]

/**
 * Start Chromium and connect Puppeteer to it over a pipe. Chromium is started
 * directly, not through `puppeteer.launch`, so that loading Puppeteer overlaps
 * the browser's own start-up instead of coming before it.
 */
export async function launchBrowser(choice: BrowserChoice): Promise<BrowserSession> {
  if (choice.endpoint) {
    const {connect} = await puppeteerConnector()
    const browser = await connect({browserWSEndpoint: choice.endpoint, defaultViewport: VIEWPORT})
    return {browser, endpoint: choice.endpoint, source: choice.source, close: async () => browser.disconnect()}
  }
  removeStaleProfiles(alive)
  // Names the process that made it: a profile left by a killed run is recognised and removed.
  const profile = makeProfile()
  // Chromium's own scratch files go inside the profile too, so they are removed
  // with it, even after a crash; but only where its socket paths
  // (`<dir>/org.chromium.Chromium.XXXXXX/SingletonSocket`) stay under Linux's
  // 108-byte limit, else it could not start.
  const scratch = join(profile, 't')
  const ownScratch = scratch.length + 46 < 108
  if (ownScratch) mkdirSync(scratch)
  const args = [...new Set([...PUPPETEER_DEFAULTS, ...FLAGS, ...OFFLINE])]
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.push('--no-sandbox')
  // DevTools over a pipe (fds 3 and 4): no port, no WebSocket, and the browser quits when it closes.
  args.push(`--user-data-dir=${profile}`, '--remote-debugging-pipe', 'about:blank')
  let executable = choice.executablePath ?? 'chromium'
  const env: NodeJS.ProcessEnv = ownScratch ? {...process.env, TMPDIR: scratch} : {...process.env}
  if (choice.unpack) {
    try {
      // Our own flags, not the package's Lambda ones (which turn web security off).
      const packaged = (await import('@sparticuz/chromium')).default
      executable = await packaged.executablePath()
    } catch (error) {
      rmSync(profile, {recursive: true, force: true})
      throw error
    }
    // On Amazon Linux it also unpacks the libraries it needs.
    const libs = join(tmpdir(), 'al2023', 'lib')
    if (existsSync(libs)) env.LD_LIBRARY_PATH = [libs, env.LD_LIBRARY_PATH].filter(Boolean).join(':')
  }
  const child = spawn(executable, args, {stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], env})
  // Puppeteer's pipe transport drops its error listeners when it closes; a write
  // still in flight when Chromium goes (EPIPE) must not become an uncaught error.
  for (const stream of [child.stdio[2], child.stdio[3], child.stdio[4]]) stream?.on('error', () => undefined)
  child.on('error', () => undefined)
  // Its messages are not needed, but a full pipe would stall it.
  let output = ''
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-2000)))
  const stop = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  }
  let browser: Browser
  try {
    const {connect, PipeTransport} = await puppeteerConnector()
    const transport = new PipeTransport(child.stdio[3] as NodeJS.WritableStream, child.stdio[4] as NodeJS.ReadableStream)
    browser = await startedWithin(connect({transport, defaultViewport: VIEWPORT}), child, () => output, 30_000)
  } catch (error) {
    stop()
    await exited(child, 2000)
    rmSync(profile, {recursive: true, force: true, maxRetries: 3})
    throw error
  }
  // One shutdown, which every caller awaits: an interrupted run closes at once
  // (`now`) and then, on its way out, again; the second must not return before
  // the profile is gone, or the process ends with it still on disk.
  let closing: Promise<void> | undefined
  return {
    browser,
    endpoint: 'pipe',
    source: choice.source,
    close(now = false) {
      return (closing ??= shutdown(now))
    }
  }

  async function shutdown(now: boolean): Promise<void> {
    // Not Browser.close over the connection: a lost browser never answers
    // it, and an unanswered call keeps Node alive for three minutes. The
    // connection is dropped, then Chromium is asked to quit as on a shutdown
    // (or made to, when the run is interrupted: its profile is thrown away anyway).
    await Promise.resolve(browser.disconnect()).catch(() => undefined)
    if (now) stop()
    else if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    if (!(await exited(child, now ? 2000 : 5000))) stop()
    await exited(child, 2000)
    await removeProfile(profile)
  }
}

const VIEWPORT = {width: 800, height: 600}

/**
 * Puppeteer's connector and pipe transport alone (its internal modules, which
 * load in 40 ms; the whole package takes 160 ms, on the way to every first PDF).
 */
async function puppeteerConnector() {
  const [connector, pipe] = await Promise.all([
    import('puppeteer-core/internal/common/BrowserConnector.js'),
    import('puppeteer-core/internal/node/PipeTransport.js')
  ])
  // The internal modules' own declarations of Browser differ from the public bundle's (same classes).
  const connect = connector._connectToCDPBrowser as unknown as (options: Parameters<typeof connector._connectToCDPBrowser>[0]) => Promise<Browser>
  return {connect, PipeTransport: pipe.PipeTransport}
}

/** `connecting`, unless the browser exits first or takes longer than `ms`. */
function startedWithin<T>(connecting: Promise<T>, child: ChildProcess, output: () => string, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`the browser did not start within ${ms / 1000} s`)), ms)
    const onExit = (code: number | null): void => {
      const last = output().trim().split('\n').filter(Boolean).slice(-2).join(' / ')
      finish(new Error(`the browser exited at start-up (code ${code})${last ? `: ${last}` : ''}`))
    }
    const onError = (error: Error): void => finish(error)
    function finish(error?: Error, value?: T): void {
      clearTimeout(timer)
      child.off('exit', onExit)
      child.off('error', onError)
      if (error) reject(error)
      else resolve(value as T)
    }
    child.on('exit', onExit)
    child.on('error', onError)
    connecting.then((value) => finish(undefined, value), (error: Error) => finish(error))
  })
}

interface Events {
  once(event: string, listener: () => void): unknown
  off(event: string, listener: () => void): unknown
}

/** Has `event` happened already (`done()`), or does it within `ms`? */
export function within(source: Events, event: string, ms: number, done: () => boolean): Promise<boolean> {
  if (done()) return Promise.resolve(true)
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      source.off(event, happened)
      resolve(done())
    }, ms)
    const happened = (): void => {
      clearTimeout(timer)
      resolve(true)
    }
    source.once(event, happened)
  })
}

/** Has the process exited (within `ms`)? */
function exited(child: ChildProcess, ms: number): Promise<boolean> {
  return within(child, 'exit', ms, () => child.exitCode !== null || child.signalCode !== null)
}

/** Puppeteer's "the page or browser went away" errors. */
export function isClosedTarget(reason: unknown): boolean {
  const error = reason as {name?: string; message?: string} | undefined
  return error?.name === 'TargetCloseError' || /Target closed|Session closed|Protocol error .*(closed|detached)|Connection closed|Navigating frame was detached/i.test(error?.message ?? '')
}
