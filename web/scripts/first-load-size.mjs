#!/usr/bin/env node
// Measures what the browser downloads for the first screen: dist/index.html and every script,
// module preload and style sheet it references (the entry's static imports and their CSS).
// Sizes are gzip -9, as the server serves precompressed files. Also prints what each lazily
// loaded page adds on its first visit, so the cost of e.g. the dashboard (ECharts) is visible.
// Reads build-info/manifest.json, which `vite build` writes beside dist (see vite.config.ts).
import { existsSync, readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const dist = join(root, 'dist')
const manifestFile = join(root, 'build-info', 'manifest.json')
const LIMIT_KB = 400
if (!existsSync(join(dist, 'index.html')) || !existsSync(manifestFile)) {
  console.error('dist/ or build-info/manifest.json missing: run `npm run build` first')
  process.exit(1)
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'))
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
const kb = (n) => `${(n / 1024).toFixed(1).padStart(7)} KB`

/** A chunk with everything it imports statically, and their CSS. */
function closure(key, files = new Set(), seen = new Set()) {
  if (seen.has(key)) return files
  seen.add(key)
  const chunk = manifest[key]
  if (!chunk) return files
  files.add(chunk.file)
  for (const css of chunk.css ?? []) files.add(css)
  for (const dep of chunk.imports ?? []) closure(dep, files, seen)
  return files
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry)
const initial = closure(entryKey)
// Whatever else index.html references (favicon excluded: it is not on the critical path).
const html = readFileSync(join(dist, 'index.html'), 'utf8')
for (const m of html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)) initial.add(m[1])

const rows = [['index.html', gz('index.html')], ...[...initial].map((f) => [f, gz(f)])].sort((a, b) => b[1] - a[1])
const total = rows.reduce((sum, [, size]) => sum + size, 0)
console.log('\nFirst load: index.html and everything it loads before the first screen (gzip -9)')
for (const [file, size] of rows) console.log(`  ${kb(size)}  ${file}`)
console.log(`  ${kb(total)}  TOTAL (limit ${LIMIT_KB} KB)`)

console.log('\nAdded on the first visit of each page (beyond the first load, gzip -9)')
const pages = Object.keys(manifest)
  .filter((k) => manifest[k].isDynamicEntry && /views\//.test(k))
  .sort()
for (const key of pages) {
  let extra = 0
  for (const file of closure(key)) if (!initial.has(file)) extra += gz(file)
  console.log(`  ${kb(extra)}  ${key.replace(/^src\/views\//, '').replace(/\.vue$/, '')}`)
}
if (total > LIMIT_KB * 1024) {
  console.error(`\nFirst load ${kb(total).trim()} exceeds ${LIMIT_KB} KB`)
  process.exit(1)
}
