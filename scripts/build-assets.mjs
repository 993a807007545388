// Copies GOV.UK Frontend's built ES module into static/build/, where Django's
// staticfiles finds it. The stylesheet is compiled by the `sass` CLI (see the
// "build:css" script in package.json); this script only copies JavaScript and fonts.
// Uses Node built-ins only.
import { copyFile, mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const buildDir = join(root, 'static', 'build')

const files = [
  // [source inside node_modules, destination inside static/build]
  ['govuk-frontend/dist/govuk/govuk-frontend.min.js', 'govuk-frontend.min.js'],
  // The .min.js ends with a sourceMappingURL comment. Django's manifest static
  // storage (used in production via WhiteNoise) follows that reference during
  // collectstatic and fails if the map is missing, so copy the map as well.
  ['govuk-frontend/dist/govuk/govuk-frontend.min.js.map', 'govuk-frontend.min.js.map']
]
// Document packs embed Arimo (metrically compatible with Arial, Apache License 2.0), installed from the npm
// registry, so that a pack is laid out the same on every machine whatever fonts the machine has.
for (const subset of ['latin', 'latin-ext']) {
  for (const weight of ['400', '700']) {
    for (const style of ['normal', 'italic']) {
      const name = `arimo-${subset}-${weight}-${style}.woff2`
      files.push([`@fontsource/arimo/files/${name}`, `fonts/${name}`])
    }
  }
}

await mkdir(join(buildDir, 'fonts'), { recursive: true })
for (const [source, destination] of files) {
  await copyFile(join(root, 'node_modules', source), join(buildDir, destination))
  console.log(`copied ${source} -> static/build/${destination}`)
}
