/**
 * The pool of browser tabs behind PDF output, with a stand-in browser:
 * at most `limit` tabs lent at once, documents served in the order they ask,
 * tabs reused unless a document failed, and waiting documents told when the
 * browser is gone.
 */
import type {Browser} from 'puppeteer'
import {describe, expect, it} from 'vitest'
import {BrowserGone, createTabPool} from '../../src/paginate/pdf.js'

function fakeBrowser() {
  const opened: Array<{closed: boolean}> = []
  let connected = true
  const browser = {
    isConnected: () => connected,
    async newPage() {
      const page = {
        closed: false,
        target: () => ({createCDPSession: async () => ({detach: async () => undefined})}),
        on: () => undefined,
        emulateMediaType: async () => undefined,
        async close() {
          page.closed = true
        }
      }
      opened.push(page)
      return page
    }
  }
  return {browser: browser as unknown as Browser, opened, disconnect: () => (connected = false)}
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('tab pool', () => {
  it('lends at most `limit` tabs, first come first served, and reuses returned ones', async () => {
    const {browser, opened} = fakeBrowser()
    const pool = createTabPool(browser, 2)
    const order: string[] = []
    const a = await pool.acquire()
    const b = await pool.acquire()
    const c = pool.acquire().then((lease) => (order.push('c'), lease))
    const d = pool.acquire().then((lease) => (order.push('d'), lease))
    await tick()
    expect(order).toEqual([])
    await b.done(true)
    const leaseC = await c
    await a.done(true)
    const leaseD = await d
    expect(order).toEqual(['c', 'd'])
    // c got b's tab back; only two tabs were ever opened.
    expect(await leaseC.tab).toBe(await b.tab)
    expect(opened.length).toBe(2)
    await leaseC.done(true)
    await leaseD.done(true)
  })

  it('closes a tab whose document failed and opens a fresh one for the next', async () => {
    const {browser, opened} = fakeBrowser()
    const pool = createTabPool(browser, 1)
    const first = await pool.acquire()
    const tab = await first.tab
    await first.done(false)
    await tick()
    expect(opened[0]!.closed).toBe(true)
    const second = await pool.acquire()
    expect(await second.tab).not.toBe(tab)
    expect(opened.length).toBe(2)
  })

  it('tells waiting and later documents that the browser is gone', async () => {
    const {browser, disconnect} = fakeBrowser()
    const pool = createTabPool(browser, 1)
    await pool.acquire()
    const waiting = pool.acquire()
    disconnect()
    pool.close()
    await expect(waiting).rejects.toBeInstanceOf(BrowserGone)
    await expect(pool.acquire()).rejects.toBeInstanceOf(BrowserGone)
  })
})
