/**
 * The browsers of one print stage, one slot each: the browser found (or each
 * `--browser-endpoint`), started right away so that it is up by the time the
 * first document's HTML is ready, with its pool of tabs. A browser that dies
 * is let go of in one place: a launched one is replaced for the next
 * document, an endpoint is given up. Ctrl-C closes them all at once.
 */
import {findBrowser, launchBrowser, type BrowserChoice, type BrowserSession} from './browser.js'
import {createTabPool, type TabPool} from './pdf.js'
import type {Assets} from './sealed-page.js'

/** One browser of the run: launched here, or reached at an endpoint. */
export interface Slot {
  choice: BrowserChoice
  session?: BrowserSession | undefined
  pool?: TabPool | undefined
  starting?: Promise<BrowserSession> | undefined
  /** Documents on it now. */
  busy: number
  /** An endpoint that went away: no more documents for it. */
  dead: boolean
}

export interface SlotOptions {
  browser?: string | undefined
  browserEndpoint?: string | string[] | undefined
  /** Tabs per browser. */
  jobs: number
  signal?: AbortSignal | undefined
  /** What every tab serves (Paged.js, fonts), made when the first browser is up. */
  assets: () => Assets
}

export function createSlots(options: SlotOptions) {
  const endpoints = [options.browserEndpoint ?? []].flat()
  const choices: BrowserChoice[] = endpoints.length
    ? endpoints.map((endpoint) => findBrowser({browserEndpoint: endpoint})!)
    : [findBrowser({browser: options.browser})].filter((choice): choice is BrowserChoice => Boolean(choice))
  const slots: Slot[] = choices.map((choice) => ({choice, busy: 0, dead: false}))
  // Every browser launched here: closing awaits each one's shutdown (profile removed).
  const launchedSessions: BrowserSession[] = []
  // Interrupted: every browser goes at once (a launch under way, as soon as it is up).
  const onAbort = (): void => {
    for (const slot of slots) {
      void slot.session?.close(true)
      void slot.starting?.then((session) => session.close(true), () => undefined)
    }
  }
  options.signal?.addEventListener('abort', onAbort)

  const start = (slot: Slot): Promise<BrowserSession> => {
    const starting = launchBrowser(slot.choice).then((launched) => {
      slot.session = launched
      launchedSessions.push(launched)
      launched.browser.once('disconnected', () => {
        if (slot.session !== launched) return
        slot.session = undefined
        slot.starting = undefined
        slot.pool?.close()
        slot.pool = undefined
        if (slot.choice.endpoint) slot.dead = true
        void launched.close()
      })
      // The first tab opens while the first document is still being built.
      slot.pool = createTabPool(launched.browser, options.jobs, options.assets())
      slot.pool.warm()
      return launched
    })
    slot.starting = starting
    starting.catch(() => {
      if (slot.starting === starting) slot.starting = undefined
    })
    return starting
  }
  for (const slot of slots) void start(slot).catch(() => undefined)

  return {
    /** No browser at all was found. */
    get none(): boolean {
      return slots.length === 0
    },
    /** The live browser with the fewest documents on it, other than those in `exclude`. */
    pick(exclude: Set<Slot>): Slot | undefined {
      return slots.filter((slot) => !slot.dead && !exclude.has(slot)).sort((a, b) => a.busy - b.busy)[0]
    },
    /** Is there a live browser not in `exclude`? */
    anyOther(exclude: Set<Slot>): boolean {
      return slots.some((other) => !other.dead && !exclude.has(other))
    },
    /** The slot's browser: up, starting, or started again. */
    async open(slot: Slot): Promise<BrowserSession> {
      if (slot.session) return slot.session
      return slot.starting ?? start(slot)
    },
    async close(): Promise<void> {
      options.signal?.removeEventListener('abort', onAbort)
      for (const slot of slots) {
        // A launch still under way (every document failed before printing) is awaited, then closed.
        await slot.starting?.catch(() => undefined)
        // A browser that runs elsewhere (a pool, a container) gets back no tab of ours.
        if (slot.choice.endpoint) await slot.pool?.closeTabs()
        await slot.session?.close()
        slot.session = undefined
        slot.pool = undefined
      }
      // Also those let go of on the way (lost, or closing since an interrupt): their shutdown is shared, not repeated.
      await Promise.all(launchedSessions.map((session) => session.close().catch(() => undefined)))
    }
  }
}
