/** `handout packet PACKET.yml`: bind a reading packet, report its messages and those of its articles. */
import {formatMessage, formatResult} from './report.js'
import {listenForInterrupt} from './interrupt.js'
import type {Command} from './parse-args.js'

export async function packetCommand(command: Extract<Command, {command: 'packet'}>): Promise<number> {
  const {buildPacket} = await import('../packet/build-packet.js')
  const interrupt = listenForInterrupt()
  let result
  try {
    result = await buildPacket(command.file, {
      outDir: command.outDir,
      formats: command.formats,
      browser: command.browser,
      browserEndpoint: command.browserEndpoint,
      timeout: command.timeout * 1000,
      root: command.root,
      maxInputSize: command.maxInputSize,
      scripts: command.scripts || undefined,
      signal: interrupt.signal
    })
  } finally {
    interrupt.off()
  }
  const messages = [result.file, ...result.articles].flatMap((file) => file.messages.map((m) => formatMessage(m, file.path)))
  if (messages.length) process.stderr.write(messages.join('\n') + '\n')
  if (interrupt.signal.aborted) return interrupt.exitCode()
  if (!result.ok) {
    process.stderr.write(`${result.input}  failed\n`)
    return 1
  }
  if (!command.quiet) process.stdout.write(formatResult(result) + '\n')
  return 0
}
