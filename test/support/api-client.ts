import { pino } from 'pino'
import { createApi } from '../../src/api/create-api.js'
import type { TdcsApp } from '../../src/app/open-app.js'

export type Api = ReturnType<typeof createApi>

export function testApi(app: TdcsApp): Api {
  return createApi(app, { log: pino({ level: 'silent' }), secureCookies: false, version: 'test' })
}

export interface Reply {
  readonly status: number
  readonly body: any // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read JSON freely
  readonly headers: Headers
}

/** A logged-in client over `api.request()` in-process: keeps the session cookie and CSRF token. */
export class Client {
  cookie = ''
  csrf = ''
  constructor(private readonly api: Api) {}

  async login(username: string, password: string): Promise<Reply> {
    const reply = await this.call('POST', '/api/v1/auth/login', { username, password })
    const setCookie = reply.headers.get('set-cookie')
    if (reply.status === 200 && setCookie) {
      this.cookie = setCookie.split(';')[0] ?? ''
      this.csrf = reply.body.csrfToken
    }
    return reply
  }

  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const init: RequestInit = {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    }
    const res = await this.api.request(path, init)
    const text = await res.text()
    let parsed: unknown = text
    try {
      parsed = text ? JSON.parse(text) : null
    } catch {
      // not JSON (the docs page): keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers }
  }

  get = (path: string) => this.call('GET', path)
  post = (path: string, body?: unknown, headers?: Record<string, string>) => this.call('POST', path, body ?? {}, headers)
}

/** A client logged in as a fixture user (password `Fixture-pass-1` unless given); throws if the login fails. */
export async function signedIn(api: Api, username: string, password = 'Fixture-pass-1'): Promise<Client> {
  const client = new Client(api)
  const reply = await client.login(username, password)
  if (reply.status !== 200) throw new Error(`login as ${username} failed: ${reply.status} ${JSON.stringify(reply.body)}`)
  return client
}
