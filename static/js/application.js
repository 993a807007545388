// Site JavaScript, loaded from base.html as
//   <script type="module" src="{% static 'js/application.js' %}"></script>
// An external ES module, so the Content-Security-Policy needs no
// 'unsafe-inline'. GOV.UK Frontend is copied into static/build/ by
// `npm run build`.
import { initAll } from '../build/govuk-frontend.min.js'

// GOV.UK Frontend 5+ only styles and initialises its JavaScript components
// when <body> has the `govuk-frontend-supported` class. Its own page template
// sets that with an inline script; we cannot (CSP), so it is done here.
if ('noModule' in HTMLScriptElement.prototype) {
  document.body.classList.add('js-enabled', 'govuk-frontend-supported')
  initAll()
}

// Content that htmx swaps into the page may contain GOV.UK components that
// need JavaScript (an error summary, a notification banner, checkboxes with
// conditional reveals, …). Initialise them when htmx has loaded new content.
// The scope is the new element's parent so that a swapped-in component root
// is found too; components there that were already initialised raise an
// InitError, which is expected and ignored.
document.body.addEventListener('htmx:load', (event) => {
  const element = event.target
  if (!(element instanceof HTMLElement) || element === document.body) {
    return
  }
  initAll({
    scope: element.parentElement ?? element,
    onError (error) {
      if (error?.name !== 'InitError') {
        console.error(error)
      }
    }
  })
})

// A table region (the `table_region` template tag) takes keyboard focus so
// that a table wider than the window can be scrolled with the arrow keys.
// Where the table fits, that stop would only be in the way of keyboard users,
// so it is taken out, and put back whenever the table stops fitting (a
// narrower window, zooming in, htmx adding rows). Without JavaScript every
// region keeps its stop.
const regionSizes = new ResizeObserver((entries) => {
  for (const entry of entries) {
    const region = entry.target.closest('.app-table-region')
    if (region.scrollWidth > region.clientWidth) {
      region.setAttribute('tabindex', '0')
    } else if (region !== document.activeElement) {
      region.removeAttribute('tabindex')
    }
  }
})

function watchTableRegions (scope) {
  for (const region of scope.querySelectorAll('.app-table-region')) {
    regionSizes.observe(region)
    if (region.firstElementChild) {
      regionSizes.observe(region.firstElementChild)
    }
  }
}

watchTableRegions(document)
document.body.addEventListener('htmx:load', (event) => {
  if (event.target instanceof HTMLElement) {
    watchTableRegions(event.target.parentElement ?? event.target)
  }
})
