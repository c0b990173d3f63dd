/**
 * `handout preview [FILE|DIR]`: start the preview server, say where it is,
 * print each rebuild's messages, open a browser when asked, and stop on
 * Ctrl-C (the server, its watchers and any browser it started for a PDF).
 */
import {spawn} from 'node:child_process'
import {relative} from 'node:path'
import type {EngineCache} from '../cite/engine.js'
import {formatMessage} from './report.js'
import {listenForInterrupt} from './interrupt.js'
import type {Command} from './parse-args.js'

export async function previewCommand(command: Extract<Command, {command: 'preview'}>, engines: EngineCache | undefined): Promise<number> {
  const {expandInputs} = await import('../build/inputs.js')
  const {startPreview} = await import('../preview/server.js')
  const {build} = command
  // A packet file: the bound volume and its articles, each in the viewer, in the packet's style.
  let csl = build.csl
  const {isPacketFile, readPacketFile} = await import('../packet/build-packet.js')
  const packetFile = command.inputs.length === 1 && isPacketFile(command.inputs[0]!) ? command.inputs[0]! : undefined
  let inputs = command.inputs
  if (packetFile) {
    const {packet, file} = await readPacketFile(packetFile, {root: build.root, maxInputSize: build.maxInputSize})
    if (!packet) {
      process.stderr.write(file.messages.map((m) => formatMessage(m, packetFile)).join('\n') + '\n')
      return 1
    }
    // The bound volume first, then each article on its own.
    inputs = [packetFile, ...packet.articles.map((article) => relative(process.cwd(), article))]
    csl ??= packet.csl
  }
  // A packet's articles keep the packet's order.
  const expanded = packetFile ? {files: inputs, missing: []} : await expandInputs(inputs)
  for (const m of expanded.missing) process.stderr.write(`${m}  error  No such file, folder or matching glob\n`)
  if (expanded.files.length === 0) {
    process.stderr.write('handout: nothing to preview\n')
    return 1
  }
  if (command.host && !['127.0.0.1', 'localhost', '::1'].includes(command.host)) {
    process.stderr.write(`handout: warning: serving on ${command.host}: anyone who can reach this machine there can read the documents and the files they name\n`)
  }
  const interrupt = listenForInterrupt()
  let preview
  try {
    preview = await startPreview(expanded.files, {
      csl,
      from: build.from,
      bibliography: build.bibliography,
      root: build.root,
      maxInputSize: build.maxInputSize,
      scripts: build.scripts || undefined,
      browser: build.browser,
      browserEndpoint: build.browserEndpoint,
      timeout: build.timeout * 1000,
      engines,
      port: command.port,
      host: command.host,
      onBuild(doc) {
        const messages = doc.messages.map((m) => formatMessage(m, doc.input))
        if (messages.length) process.stderr.write(messages.join('\n') + '\n')
        process.stderr.write(`${doc.input}  ${doc.ok ? `built (version ${doc.version})` : 'failed: the last good pages stay shown'}\n`)
      }
    })
  } catch (error) {
    interrupt.off()
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      process.stderr.write(`handout: cannot listen on ${command.host ?? '127.0.0.1'}:${command.port ?? 0} (${code}); pick another \`--port\`, or leave it out for a free one\n`)
      return 1
    }
    throw error
  }
  process.stdout.write(`Preview at ${preview.url} (Ctrl-C to stop)\n`)
  if (command.open) openBrowser(preview.url, build.browser)
  try {
    await new Promise<void>((done) => interrupt.signal.addEventListener('abort', () => done(), {once: true}))
  } finally {
    interrupt.off()
    await preview.close()
  }
  return 0
}

/** The browser `handout build` would use, in a window of its own; where there is none, say so. */
function openBrowser(url: string, browser: string | undefined): void {
  void import('../paginate/browser.js').then(({findBrowser}) => {
    const choice = findBrowser({browser})
    if (!choice?.executablePath) {
      process.stderr.write(`handout: no browser found to open the preview (see \`handout doctor\`); open ${url} in yours\n`)
      return
    }
    const child = spawn(choice.executablePath, ['--new-window', url], {detached: true, stdio: 'ignore'})
    child.on('error', () => process.stderr.write(`handout: could not start ${choice.executablePath}; open ${url} in your browser\n`))
    child.unref()
  })
}
