/** A JSON answer from the emulator, or why there is none. */
export type Fetched<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

/** GET a JSON document; never throws. */
export async function getJson<T>(path: string): Promise<Fetched<T>> {
  try {
    const res = await fetch(path, { headers: { accept: "application/json" }, cache: "no-store" });
    if (!res.ok) return { ok: false, status: res.status, message: await errorMessage(res) };
    return { ok: true, data: (await res.json()) as T };
  } catch (err) {
    return { ok: false, status: 0, message: err instanceof Error ? err.message : String(err) };
  }
}

/** Sends JSON with `method` and parses the JSON answer; throws with the server's message on failure. */
export async function sendJson<T>(method: string, path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${res.status} ${await errorMessage(res)}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

async function errorMessage(res: Response): Promise<string> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { message?: string; Message?: string };
    return body.message ?? body.Message ?? text;
  } catch {
    return text || res.statusText;
  }
}
