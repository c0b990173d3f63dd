/** Number variables whose hyphen Pandoc prints as typed (citeproc-js makes it an en dash, as for pages). */
const HYPHEN_KEPT = ['number', 'issue', 'volume', 'edition', 'collection-number', 'chapter-number', 'number-of-volumes']
const asShown = new WeakMap<object, object>()

/**
 * An item as citeproc-js should see it to print as Pandoc does: a hyphen in
 * `number`, `issue` or `volume` stays a hyphen (`99-02`, `1-3`): citeproc-js
 * keeps a hyphen escaped as `\-`; `event` is also `event-title`, CSL 1.0.2's
 * name, which citeproc-js does not know. Per item, made once.
 */
export function pandocItem<T extends object>(item: T): T {
  const made = asShown.get(item)
  if (made) return made as T
  let copy: Record<string, unknown> | undefined
  for (const field of HYPHEN_KEPT) {
    const value = (item as Record<string, unknown>)[field]
    if (typeof value === 'string' && /(^|[^\\])-/.test(value)) {
      const next: Record<string, unknown> = copy ?? {...(item as Record<string, unknown>)}
      next[field] = value.replace(/(^|[^\\])-/g, '$1\\-')
      copy = next
    }
  }
  // CSL 1.0.2 calls `event` `event-title` (APA uses both); citeproc-js knows only `event`.
  const record = item as Record<string, unknown>
  if (record.event !== undefined && record['event-title'] === undefined) copy = {...(copy ?? record), 'event-title': record.event}
  const result = (copy ?? item) as T
  asShown.set(item, result)
  return result
}
