// Copies GOV.UK Frontend's built ES module into static/build/, where Django's
// staticfiles finds it. The stylesheet is compiled by the `sass` CLI (see the
// "build:css" script in package.json); this script only copies JavaScript.
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

await mkdir(buildDir, { recursive: true })
for (const [source, destination] of files) {
  await copyFile(join(root, 'node_modules', source), join(buildDir, destination))
  console.log(`copied ${source} -> static/build/${destination}`)
}
