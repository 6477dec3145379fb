/** Calls to `offgrid serve` with the coordinator's bearer token; errors carry the server's JSON body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: {
    error?: string;
    message?: string;
    problems?: { sheet: string; row?: number; column?: string; reason: string }[];
  };

  constructor(status: number, body: ApiError['body']) {
    super(body.message ?? body.error ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export class Api {
  readonly token: string;

  constructor(token: string) {
    this.token = token;
  }

  private async call(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(path, {
      ...init,
      headers: { Authorization: `Bearer ${this.token}`, ...init.headers },
    });
    if (!response.ok) {
      let body: ApiError['body'] = {};
      try {
        body = await response.json();
      } catch {
        // not JSON: the status says enough
      }
      throw new ApiError(response.status, body);
    }
    return response;
  }

  async json<T>(path: string): Promise<T> {
    return (await this.call(path)).json() as Promise<T>;
  }

  async blob(path: string): Promise<Blob> {
    return (await this.call(path)).blob();
  }

  async upload(file: File): Promise<{ id: string; version: string }> {
    return (await this.call('/api/forms', { method: 'POST', body: file })).json();
  }
}
