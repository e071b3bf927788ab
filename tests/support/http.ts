import { expect } from 'vitest';

/** A tiny cookie-keeping HTTP client for integration tests against the running server. */
export class Client {
  private cookies = new Map<string, string>();
  readonly baseUrl: string;
  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(this.baseUrl + path, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (!value || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line))
        this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** A same-origin form POST, as a browser would send it. */
  postForm(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(path, {
      method: 'POST',
      body: new URLSearchParams(fields),
      headers: { origin: this.baseUrl, 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  }

  postJson(path: string, body: unknown, method = 'POST'): Promise<Response> {
    return this.request(path, {
      method,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { origin: this.baseUrl, 'content-type': 'application/json' },
    });
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async login(email: string, password: string): Promise<Response> {
    return this.postForm('/login', { email, password });
  }
}

/**
 * Signed-in clients by email for the server `server()` returns (read at first use, so it may be
 * started in `beforeAll`): each signs in once, asserting the 303 of a successful sign-in.
 */
export function signedInClients(
  server: () => { baseUrl: string },
  defaultPassword: string,
): (email: string, password?: string) => Promise<Client> {
  const clients = new Map<string, Client>();
  return async (email, password = defaultPassword) => {
    let client = clients.get(email);
    if (!client) {
      client = new Client(server().baseUrl);
      expect((await client.login(email, password)).status).toBe(303);
      clients.set(email, client);
    }
    return client;
  };
}
