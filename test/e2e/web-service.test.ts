import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntentName } from "../../bot/definition.js";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";
import { extraServiceFactories } from "../../local/services.js";
import { readFlowFiles } from "../../local/web/flow-files.js";
import { readWebText } from "../../local/web/web-service.js";

const ROOT = join(import.meta.dirname, "..", "..");
const WEB = join(ROOT, "local", "web");

describe("web console UI text", () => {
  const text = readWebText(join(ROOT, "locales"));
  const english = text.en_US!;

  it("has English and Japanese with the same keys and no empty text", () => {
    expect(Object.keys(text).sort()).toEqual(["en_US", "ja_JP"]);
    for (const [locale, catalog] of Object.entries(text)) {
      expect(Object.keys(catalog).sort(), locale).toEqual(Object.keys(english).sort());
      expect(
        Object.entries(catalog).filter(([, v]) => v.trim() === ""),
        locale,
      ).toEqual([]);
    }
  });

  it("keeps the same placeholders in every translation", () => {
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of Object.entries(text.ja_JP!))
      expect(names(value), key).toEqual(names(english[key]!));
  });

  it("defines every key the page and its scripts use", () => {
    const html = readFileSync(join(WEB, "public", "index.html"), "utf8");
    const used = new Set(
      [...html.matchAll(/data-i18n(?:-placeholder|-aria-label)?="([^"]+)"/g)].map((m) => m[1]!),
    );
    for (const file of readdirSync(join(WEB, "app"))) {
      const source = readFileSync(join(WEB, "app", file), "utf8");
      for (const m of source.matchAll(/\bt\(\s*"([^"]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((key) => !(key in english))).toEqual([]);
  });

  it("names every intent, flow, block type, error branch and Lambda action the console shows", () => {
    const keys = [
      ...Object.values(IntentName).map((name) => `intent.${name}`),
      ...readFlowFiles(join(ROOT, "flows")).flatMap((f) => [
        `flow.name.${f.key}`,
        ...f.content.Actions.flatMap((a) => [
          `block.${a.Type}`,
          ...(a.Transitions.Errors ?? []).map((e) => `edge.${e.ErrorType}`),
          ...(a.Type === "InvokeLambdaFunction"
            ? [`lambda.${(a.Parameters.LambdaInvocationAttributes as { action: string }).action}`]
            : []),
        ]),
      ]),
    ];
    expect([...new Set(keys)].filter((key) => !(key in english))).toEqual([]);
  });
});

describe("web console service", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, inMemory: true, services: extraServiceFactories });
  });
  afterAll(async () => {
    await emulator?.stop();
  });

  it("serves the page, its stylesheet and the bundled script at the emulator's root", async () => {
    const page = await fetch(`${emulator.url}/`);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // nothing from a CDN
    const css = await fetch(`${emulator.url}/assets/console.css`);
    expect(css.status).toBe(200);
    const js = await fetch(`${emulator.url}/assets/console.js`);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    const code = await js.text();
    expect(code.length).toBeGreaterThan(100_000); // amazon-connect-chatjs is inside
    expect(code).toContain("ChatSession");
  });

  it("lists the orders as plain JSON, sorted by order id", async () => {
    const orders = (await (await fetch(`${emulator.url}/_local/orders`)).json()) as Record<string, unknown>[];
    expect(orders.map((o) => o.orderId)).toEqual([...orders.map((o) => o.orderId)].sort());
    expect(orders.find((o) => o.orderId === "1001")).toMatchObject({
      customerName: "佐藤 花子",
      customerPhone: "+819012345678",
      status: "PLACED",
    });
  });

  it("serves the committed flow JSON, entry flow first, with the flows' names", async () => {
    const flows = (await (await fetch(`${emulator.url}/_local/flows`)).json()) as {
      key: string;
      name: string;
      content: { StartAction: string; Actions: unknown[] };
    }[];
    expect(flows.map((f) => f.key)).toEqual(["inbound", "keypad-menu", "agent-transfer", "customer-queue"]);
    expect(flows[0]).toMatchObject({
      name: "Orderline inbound",
      content: { StartAction: expect.any(String) },
    });
    expect(flows[0]!.content.Actions.length).toBeGreaterThan(10);
  });

  it("bundles the diagram and phone-number libraries (no CDN)", async () => {
    const code = await (await fetch(`${emulator.url}/assets/console.js`)).text();
    expect(code).toMatch(/cytoscape/i);
    expect(code).toContain("dagre");
  });

  it("serves a favicon and the shop settings the page formats times with", async () => {
    for (const path of ["/favicon.ico", "/favicon.svg"]) {
      const res = await fetch(`${emulator.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/svg+xml");
    }
    const settings = await (await fetch(`${emulator.url}/_local/web/settings`)).json();
    expect(settings).toMatchObject({
      timeZones: { ja_JP: "Asia/Tokyo", en_US: "America/New_York" },
      allowedCountries: ["JP", "US"],
    });
  });

  it("restores the demo orders with POST /_local/reset", async () => {
    const url = emulator.url;
    await fetch(`${url}/`, { method: "GET" });
    const put = await fetch(url, {
      method: "POST",
      headers: {
        "x-amz-target": "DynamoDB_20120810.UpdateItem",
        "content-type": "application/x-amz-json-1.0",
        authorization:
          "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
        "x-amz-date": "20200101T000000Z",
      },
      body: JSON.stringify({
        TableName: "Orders",
        Key: { orderId: { S: "1001" } },
        UpdateExpression: "SET #s = :c",
        ExpressionAttributeNames: { "#s": "status" },
        ExpressionAttributeValues: { ":c": { S: "CANCELLED" } },
      }),
    });
    expect(put.status).toBe(200);
    const orders = async () =>
      (await (await fetch(`${url}/_local/orders`)).json()) as { orderId: string; status: string }[];
    expect((await orders()).find((o) => o.orderId === "1001")!.status).toBe("CANCELLED");
    const reset = await fetch(`${url}/_local/reset`, { method: "POST" });
    expect(await reset.json()).toEqual({ removed: 9, restored: 9 });
    expect((await orders()).find((o) => o.orderId === "1001")!.status).toBe("PLACED");
    expect((await fetch(`${url}/_local/reset`)).status).toBe(405);
  });

  it("reports itself in /health", async () => {
    const health = (await (await fetch(`${emulator.url}/health`)).json()) as Record<string, unknown>;
    expect(health.web).toEqual({ url: "/" });
  });
});
