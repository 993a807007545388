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
