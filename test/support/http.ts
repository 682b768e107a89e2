import request, { type Response, type Test } from 'supertest';

/** Small helpers for the end-to-end suites: requests under /api/v1 with a bearer token. */

export const API = '/api/v1';

export type Resource = 'calls' | 'proposals' | 'assignments' | 'research-units';

export interface Client {
  get(path: string, token?: string, headers?: Record<string, string>): Test;
  post(path: string, body: unknown, token?: string, headers?: Record<string, string>): Test;
  patch(path: string, body: unknown, token?: string, headers?: Record<string, string>): Test;
  put(path: string, body: unknown, token?: string, headers?: Record<string, string>): Test;
  delete(path: string, token?: string, headers?: Record<string, string>): Test;
  /** POST a raw string as application/json (for malformed bodies). */
  postRaw(path: string, raw: string, token?: string): Test;
  /** POST {resource}/{id}/events. */
  event(resource: Resource, id: string, body: unknown, token?: string, headers?: Record<string, string>): Test;
}

const withHeaders = (test: Test, token: string | undefined, headers: Record<string, string>): Test => {
  let t = test;
  if (token !== undefined) t = t.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(headers)) t = t.set(name, value);
  return t;
};

export function client(baseUrl: string): Client {
  const http = request(baseUrl);
  return {
    get: (path, token, headers = {}) => withHeaders(http.get(`${API}${path}`), token, headers),
    post: (path, body, token, headers = {}) =>
      withHeaders(http.post(`${API}${path}`), token, headers).send(body as object),
    patch: (path, body, token, headers = {}) =>
      withHeaders(http.patch(`${API}${path}`), token, headers).send(body as object),
    put: (path, body, token, headers = {}) =>
      withHeaders(http.put(`${API}${path}`), token, headers).send(body as object),
    delete: (path, token, headers = {}) => withHeaders(http.delete(`${API}${path}`), token, headers),
    postRaw: (path, raw, token) =>
      withHeaders(http.post(`${API}${path}`), token, { 'Content-Type': 'application/json' }).send(raw),
    event: (resource, id, body, token, headers = {}) =>
      withHeaders(http.post(`${API}/${resource}/${id}/events`), token, headers).send(body as object),
  };
}

/** The answer is an RFC 9457 problem document with this status (and code, when given). */
export function expectProblem(res: Response, status: number, code?: string): void {
  if (res.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text}`);
  }
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({
    status,
    type: expect.stringMatching(/^urn:tandem:problem:/),
    title: expect.any(String),
  });
  if (code !== undefined) expect(res.body.code).toBe(code);
}

/** Fails with the response body in the message, which is what one wants to read when a status is wrong. */
export function expectStatus(res: Response, status: number): void {
  if (res.status !== status) {
    throw new Error(`expected HTTP ${status}, got ${res.status}: ${res.text}`);
  }
}
