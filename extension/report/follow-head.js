// @ts-check
// Following the journal's head from a page that shows it. The background
// announces each head on a BroadcastChannel once it is stored (boot.js);
// the page calls `refresh` at most once a second after an announcement, so
// a burst of entries costs one read. No message is sent to the background
// and nothing polls while the journal is quiet. What `refresh` updates
// should not be a live region, so a screen reader is not interrupted.
const M = globalThis.twMessages;

/**
 * @param {() => Promise<unknown>} refresh reads and shows the head again
 * @param {number} [delayMs] how long announcements gather before a refresh
 */
export function followHead(refresh, delayMs = 1000) {
  const heads = new BroadcastChannel(M.HEAD_CHANNEL);
  /** @type {ReturnType<typeof setTimeout> | null} */
  let pending = null;
  heads.onmessage = () => {
    pending ??= setTimeout(() => {
      pending = null;
      // A failed read leaves what is shown; the next announcement tries again.
      refresh().catch(() => {});
    }, delayMs);
  };
  return heads;
}
