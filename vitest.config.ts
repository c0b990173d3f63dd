import {resolve} from 'node:path'
import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    // The CSL styles and locales the tests use are vendored: the tests do not need
    // Debian's citation-style-language packages (README, "Tests").
    env: {HANDOUT_CSL_DIR: resolve(import.meta.dirname, 'tests/csl')}
  }
})
