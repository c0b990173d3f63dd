/**
 * Offsets in a text -> 1-based line and column, in O(log lines) each after
 * one pass over the text (vfile-location scans its line list linearly per call).
 */
export interface LineIndex {
  point(offset: number): {line: number; column: number; offset: number}
}

export function lineIndex(text: string): LineIndex {
  const starts = [0]
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1)
  return {
    point(offset) {
      const clamped = Math.max(0, Math.min(offset, text.length))
      let low = 0
      let high = starts.length - 1
      while (low < high) {
        const middle = (low + high + 1) >> 1
        if (starts[middle]! <= clamped) low = middle
        else high = middle - 1
      }
      return {line: low + 1, column: clamped - starts[low]! + 1, offset: clamped}
    }
  }
}
