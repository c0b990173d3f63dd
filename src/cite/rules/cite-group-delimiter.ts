/**
 * With `collapse="year"` and an `after-collapse-delimiter`, the years of one
 * author are joined by the cite-group delimiter (default ", ", CSL 1.0.2):
 * "(Doe 2005, 2006; Roe 2007)"; citeproc-js used the layout's "; " there. A
 * cite with a locator is not grouped: "Doe (2005; 2006, 30)".
 *
 * citeproc-js calls both functions as statics: process-wide wrappers that act
 * only for engines that follow handout's rules (see sys.ts).
 */
import CSL from 'citeproc'
import {followsRules, type Installed} from './sys.js'

type ClusterInput = Array<[unknown, {locator?: string} | undefined]>
interface SpliceState {
  citation: {opt: {'after-collapse-delimiter'?: string; collapse?: string; layout_delimiter?: string; cite_group_delimiter?: string}}
  tmp: {have_collapsed?: boolean; splice_delimiter?: string; handoutCluster?: ClusterInput | undefined}
}
type GetSpliceDelimiter = Installed<(this: SpliceState, lastLocator: boolean, lastCollapsed: boolean, pos: number) => string | undefined>
type GetCitationCluster = Installed<(this: SpliceState, inputList: ClusterInput, citation: unknown) => unknown>

interface Statics {
  getSpliceDelimiter: GetSpliceDelimiter
  getCitationCluster: GetCitationCluster
}

export function joinYearsWithCiteGroupDelimiter(): void {
  const csl = CSL as unknown as Statics
  if (csl.getSpliceDelimiter.__handoutRule) return
  // The cluster's cites, for the splice below (citeproc-js passes it only the previous one's locator).
  const cluster = csl.getCitationCluster
  csl.getCitationCluster = Object.assign(
    function (this: SpliceState, inputList: ClusterInput, citation: unknown) {
      if (!followsRules(this)) return cluster.call(this, inputList, citation)
      this.tmp.handoutCluster = inputList
      try {
        return cluster.call(this, inputList, citation)
      } finally {
        this.tmp.handoutCluster = undefined
      }
    },
    {__handoutRule: true as const}
  )
  const splice = csl.getSpliceDelimiter
  csl.getSpliceDelimiter = Object.assign(
    function (this: SpliceState, lastLocator: boolean, lastCollapsed: boolean, pos: number) {
      const chosen = splice.call(this, lastLocator, lastCollapsed, pos)
      if (!followsRules(this)) return chosen
      const opt = this.citation.opt
      // Inside a group of one author's years, where citeproc-js fell back to the layout
      // delimiter; a cite with a locator stays out of the group, as in Pandoc.
      const locator = this.tmp.handoutCluster?.[pos]?.[1]?.locator
      if (opt['after-collapse-delimiter'] !== undefined && !lastLocator && !locator && this.tmp.have_collapsed && /^year/.test(opt.collapse ?? '') && chosen === opt.layout_delimiter) {
        this.tmp.splice_delimiter = opt.cite_group_delimiter || ', '
      }
      return this.tmp.splice_delimiter
    },
    {__handoutRule: true as const}
  )
}
