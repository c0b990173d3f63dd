/**
 * Character references (`&ouml;`, `&#246;`, `&#xF6;`) in text that Pandoc
 * reads as Markdown but handout takes as a string: a link's destination, a
 * front-matter delimiter.
 */
import {decodeNamedCharacterReference} from 'decode-named-character-reference'
import {decodeNumericCharacterReference} from 'micromark-util-decode-numeric-character-reference'

/** `&ouml;`, `&#246;`, `&#xF6;` as characters; anything else as it is. */
export function decodeReferences(value: string): string {
  return value.replace(/&(#\d{1,7}|#[xX][\da-fA-F]{1,6}|[\da-zA-Z]{1,31});/g, (whole, name: string) => {
    if (name[0] !== '#') return decodeNamedCharacterReference(name) || whole
    const hex = name[1] === 'x' || name[1] === 'X'
    return decodeNumericCharacterReference(name.slice(hex ? 2 : 1), hex ? 16 : 10)
  })
}
