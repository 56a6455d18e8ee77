// Talking to the server: reading JSON, posting JSON with the page's CSRF token, and following a run's
// server-sent events (GET /api/runs/{id}/events, see docs/api.md).

/** The page's CSRF token (a meta tag of the layout), for requests that change something. */
export function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : null;
}

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.json();
}

/** The run as GET /api/runs/{id} sends it. */
export const fetchRun = (id) => getJson(`/api/runs/${encodeURIComponent(id)}`);

/** POSTs `body` as JSON; answers the JSON reply, or throws with the server's sentence. */
export async function postJson(url, body) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  const token = csrfToken();
  if (token) headers['X-CSRF-Token'] = token;
  const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), credentials: 'same-origin' });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error || `HTTP ${response.status}`);
  return answer;
}

/**
 * Follows one run's events: `progress(event)` for each progress frame ({id, status, position, fraction,
 * message, elapsedSeconds, limitSeconds, error}), then `end(frame)` once, when the run has finished, or
 * `lost(message)` when the stream cannot be opened at all. The browser reconnects by itself after a dropped
 * connection, and the server then sends the run's state again. Answers a function that stops following.
 */
export function followRun(id, { progress, end, lost }) {
  const source = new EventSource(`/api/runs/${encodeURIComponent(id)}/events`);
  let over = false;
  const finish = (callback, value) => {
    if (over) return;
    over = true;
    source.close();
    callback(value);
  };
  source.addEventListener('progress', (event) => {
    if (!over) progress(JSON.parse(event.data));
  });
  source.addEventListener('end', (event) => finish(end, JSON.parse(event.data)));
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) finish(lost, 'the progress stream could not be opened');
  });
  return () => {
    over = true;
    source.close();
  };
}
