/**
 * The entry of handout's V8 start-up snapshot (`dist/handout.blob`, made at
 * install time by scripts/build.mjs with `node --build-snapshot`).
 *
 * A one-document build spends most of its time before its first useful step:
 * compiling the bundle, and building the citeproc engine for the style (the
 * style and locale turned into tokens, 100+ ms). Here that is done once, at
 * install time: the pipeline builds a small manuscript with the default style,
 * and the heap (modules loaded, functions compiled, engines built) is saved.
 * `handout` (src/cli/bin.ts) starts Node from that heap, and the first
 * document finds a warm engine.
 *
 * What the heap keeps is the same for every run: no path, option or
 * environment value of this build leaks into a later one. The engines are
 * reused only for the same style text, language and locale
 * text (see EngineCache).
 */
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {startupSnapshot} from 'node:v8'
import {build} from '../build/index.js'
import {EngineCache} from '../cite/engine.js'
import {forgetCollators} from '../cite/rules/index.js'
import {toPrintHtml} from '../paginate/print-html.js'
import {printFonts} from '../paginate/fonts.js'
import {runMain} from './main.js'

const BIBLIOGRAPHY = `@article{krystal2019,
  author = {Krystal, John H. and Abdallah, Chadi G. and Sanacora, Gerard and Charney, Dennis S. and Duman, Ronald S.},
  title = {Ketamine: A Paradigm Shift for Depression Research and Treatment},
  journal = {Neuron}, volume = {101}, number = {5}, pages = {774--778}, year = {2019},
  doi = {10.1016/j.neuron.2019.02.005}
}
@book{book2012,
  author = {Duman, Ronald S. and {\\"O}zt{\\"u}rk, Ay{\\c{s}}e},
  title = {Synaptic {Plasticity} and Mood},
  publisher = {Example Press}, address = {New Haven}, year = {2012}
}
`

// Every kind of syntax the pipeline handles, so that its code is compiled in the snapshot.
const manuscript = `---
title: "Warm-up: a handout"
author:
  - name: A. Author
    affiliation: Somewhere
date: 2026-01-01
keywords: [one, two]
abstract: A short *abstract*.
bibliography: refs.bib
source: krystal2019
---

# Introduction {#intro}

Ketamine [@krystal2019, p. 775; see @book2012, chap. 2] changed the field, as @krystal2019 [p. 776] argue;
[-@book2012] is older.^[An inline note with a citation [@book2012].] A footnote too.[^1]

[^1]: The note, with **strong** and \`code\` and a [link](https://example.org).

::: {.key-points}
- One finding
- Another, with ~~strikethrough~~ and <abbr>HTML</abbr>
:::

| Study | Year |
|:------|-----:|
| A     | 2019 |

> A quotation.

::: {#refs}
:::
`

const dir = mkdtempSync(join(tmpdir(), 'handout-snapshot-'))
const engines = new EngineCache()
writeFileSync(join(dir, 'refs.bib'), BIBLIOGRAPHY)
writeFileSync(join(dir, 'warm.md'), manuscript)

build([join(dir, 'warm.md')], {outDir: join(dir, 'out'), formats: ['html'], cache: false, engines, root: dir})
  .then((results) => {
    for (const result of results) {
      if (!result.ok || !result.html) throw new Error(`the warm-up build failed: ${result.file.messages.map(String).join('; ')}`)
      // The print HTML (without hyphenation: its patterns load from node_modules at run time).
      toPrintHtml(readFileSync(result.html, 'utf8'), {fonts: printFonts(), lang: 'zxx'})
    }
  })
  .finally(() => rmSync(dir, {recursive: true, force: true}))

// ICU objects cannot be saved in a snapshot; the engines make them again when they sort.
startupSnapshot.addSerializeCallback(forgetCollators)

startupSnapshot.setDeserializeMainFunction(() => {
  // Started as `node --snapshot-blob handout.blob ARGS`: argv is [node, ...ARGS].
  runMain(process.argv.slice(1), {engines})
})
