// Keeps an import job's progress bar up to date while the file is checked or imported, and
// reloads the page when the work ends. Without JavaScript the page's "Refresh" button does this.
const root = document.querySelector('[data-module="app-import-progress"]')

if (root) {
  const url = root.dataset.statusUrl
  const bar = root.querySelector('progress')
  const text = root.querySelector('#import-progress-text')
  const poll = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' } })
      if (response.ok) {
        const status = await response.json()
        bar.value = status.percent
        bar.textContent = `${status.percent}%`
        text.textContent = status.text
        if (status.finished) {
          window.location.reload()
          return
        }
      }
    } catch (error) {
      // A dropped request is retried on the next tick; the page still offers "Refresh".
    }
    window.setTimeout(poll, 1500)
  }
  window.setTimeout(poll, 1000)
}
