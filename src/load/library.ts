/**
 * A document's CSL items by citation key. Items of a BibTeX file are made
 * when first asked for (converting a large file whole costs more than the
 * whole build), so `has` and `get` make them; `keys` (for "did you mean")
 * does not.
 */
import type {CslItem} from './csl-item.js'

export class ItemMap {
  readonly #values = new Map<string, CslItem | (() => CslItem | undefined)>()

  /** An item, or a function that makes it on first use. */
  set(id: string, value: CslItem | (() => CslItem | undefined)): this {
    this.#values.set(id, value)
    return this
  }

  get(id: string): CslItem | undefined {
    const value = this.#values.get(id)
    if (typeof value !== 'function') return value
    const item = value()
    // An entry that could not be read is gone (its warning says why).
    if (item) this.#values.set(id, item)
    else this.#values.delete(id)
    return item
  }

  has(id: string): boolean {
    return this.get(id) !== undefined
  }

  keys(): IterableIterator<string> {
    return this.#values.keys()
  }

  get size(): number {
    return this.#values.size
  }
}
