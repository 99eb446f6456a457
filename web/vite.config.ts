import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import AutoImport from 'unplugin-auto-import/vite'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { fileURLToPath, URL } from 'node:url'
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs'
import type { Plugin } from 'vite'

// The API server the dev server forwards `/api` to (see README in this folder).
const apiTarget = process.env.GANXUN_API ?? 'http://127.0.0.1:8091'

/** The policy the server sends; `vite preview` sends it too so tests see what users get. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
  "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'"

function packageOf(id: string): string | null {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id)
  return match?.[1] ?? null
}

function chunkName(name: string, moduleIds: readonly string[]): string {
  if (name === 'vue' || name === 'echarts') return name
  const packages = new Set(moduleIds.map((id) => packageOf(id) ?? 'app'))
  if (packages.has('app') || packages.size === 0) return name === 'css' ? 'shared' : name
  if (packages.size === 1) return [...packages][0]!.replace(/^@/, '').replace(/\//g, '-')
  if ([...packages].every((p) => p === 'echarts' || p === 'zrender' || p === 'tslib')) return 'echarts'
  if ([...packages].every((p) => p.includes('element-plus'))) return 'element-plus'
  return 'vendor'
}

/** The build manifest is for measuring, not for serving: move it beside dist. */
function keepManifestOutOfDist(): Plugin {
  return {
    name: 'ganxun-keep-manifest-out-of-dist',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir ?? 'dist'
      const manifest = `${dir}/.vite/manifest.json`
      if (!existsSync(manifest)) return
      mkdirSync('build-info', { recursive: true })
      renameSync(manifest, 'build-info/manifest.json')
      rmSync(`${dir}/.vite`, { recursive: true, force: true })
    },
  }
}

export default defineConfig({
  plugins: [
    vue(),
    keepManifestOutOfDist(),
    // Element Plus on demand: services (ElMessage, ElNotification, ElMessageBox) and components
    // are imported with their CSS only where used.
    AutoImport({
      resolvers: [ElementPlusResolver()],
      dts: 'src/auto-imports.d.ts',
    }),
    Components({
      resolvers: [ElementPlusResolver()],
      dts: 'src/components.d.ts',
      dirs: [],
    }),
  ],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Moved out of dist by `keepManifestOutOfDist`: only scripts/first-load-size.mjs reads it.
    manifest: true,
    target: 'es2020',
    // Vite's modulepreload polyfill is bundled, never inlined: CSP is `script-src 'self'`.
    modulePreload: { polyfill: true },
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        // Vue and ECharts in chunks of their own (ECharts is loaded by the dashboard only);
        // Element Plus stays split by the pages that use each component.
        codeSplitting: {
          groups: [
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/, priority: 20 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
        // Shared chunks are named after the package most of their code comes from
        // (`element-plus`, `echarts`…) rather than after a first module such as `css`.
        chunkFileNames: (chunk) => `assets/${chunkName(chunk.name, chunk.moduleIds)}-[hash].js`,
        assetFileNames: (asset) =>
          asset.names.some((n) => n === 'css.css') ? 'assets/element-plus-[hash][extname]' : 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    strictPort: true,
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
  preview: {
    host: '127.0.0.1',
    port: 4173,
    headers: { 'Content-Security-Policy': CSP },
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
})
