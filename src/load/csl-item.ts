/** A CSL-JSON item as citeproc-js reads it. */
export interface CslItem {
  id: string
  type?: string
  [field: string]: unknown
}
