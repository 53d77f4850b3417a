// The partner widget's own script, inside its iframe on the job site: it
// keeps a visitor id in its localStorage (partitioned under the job site by
// today's browsers) and opens a database for the jobs it shows, as embedded
// widgets do. None of this is visible to the job site's own pages.
(() => {
  let id = localStorage.getItem('jw_visitor');
  if (!id) {
    id = Math.random().toString(36).slice(2);
    localStorage.setItem('jw_visitor', id);
  }
  const open = indexedDB.open('jw-saved', 1);
  open.onupgradeneeded = () => open.result.createObjectStore('jobs');
  open.onsuccess = () => {
    open.result.close();
    document.documentElement.dataset.widgetReady = 'true';
  };
})();
