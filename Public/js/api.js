// Same-origin JSON calls. The session cookie (HttpOnly) travels by itself; the page never
// sees a token. Every call resolves to {ok, status, data, error} and never throws.

function errorFrom(status, data, fallback) {
  if (data && data.error && typeof data.error === 'object') {
    return { code: String(data.error.code || 'error'), message: String(data.error.message || fallback) };
  }
  if (data && typeof data.reason === 'string') return { code: `http_${status}`, message: data.reason };
  return { code: `http_${status}`, message: fallback };
}

export function describeStatus(status) {
  if (status === 404) return 'This part of the service is not available yet.';
  if (status === 429) return 'Too many attempts. Please wait a little and try again.';
  if (status >= 500) return 'The server had a problem. Please try again in a moment.';
  return `The request failed (HTTP ${status}).`;
}

export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, data: null,
             error: { code: 'network', message: 'Could not reach the server. Check your connection and try again.' } };
  }
  let data = null;
  const text = await response.text().catch(() => '');
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (response.ok && !(data && data.success === false)) {
    return { ok: true, status: response.status, data, error: null, headers: response.headers };
  }
  const error = errorFrom(response.status, data, describeStatus(response.status));
  const retry = response.headers.get('Retry-After');
  if (retry && /^\d+$/.test(retry)) error.retryAfter = Number(retry);
  return { ok: false, status: response.status, data, error, headers: response.headers };
}
