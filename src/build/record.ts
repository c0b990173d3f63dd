/**
 * Errors into messages: whatever a document's build throws ends as a fatal
 * message on its file; a user mistake has no stack trace.
 */
import type {VFile} from 'vfile'
import {VFileMessage} from 'vfile-message'
import {isHandoutError, toFatalMessage} from '../errors.js'

/** Turn any thrown error into a fatal message on the file (user errors have no stack). */
export function record(file: VFile, error: unknown): void {
  if (error instanceof VFileMessage) {
    if (!file.messages.includes(error)) file.messages.push(error)
    return
  }
  if (isHandoutError(error)) {
    file.messages.push(toFatalMessage(error, file.path))
    return
  }
  const message = new VFileMessage(`Internal error: ${(error as Error)?.stack ?? String(error)}`, {
    ruleId: 'internal',
    source: 'handout'
  })
  message.fatal = true
  message.file = file.path
  file.messages.push(message)
}
