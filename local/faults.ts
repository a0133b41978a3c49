import type { LocalResponse } from "./service.js";

/** Fault rate (0..1) per emulated service: `dynamodb`, `sns`, `connect`. */
export type FaultRates = Partial<Record<FaultTarget, number>>;
export type FaultTarget = "dynamodb" | "sns" | "connect";
const TARGETS: readonly FaultTarget[] = ["dynamodb", "sns", "connect"];

/** Parses `dynamodb=0.2,sns=0.5` into rates; throws on unknown services or rates outside 0..1. */
export function parseFaultSpec(spec: string): FaultRates {
  const rates: FaultRates = {};
  for (const part of spec
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, rate] = part.split("=");
    if (!TARGETS.includes(name as FaultTarget)) {
      throw new Error(`Unknown fault target "${name}" (use ${TARGETS.join(", ")})`);
    }
    const r = Number(rate);
    if (rate === undefined || !Number.isFinite(r) || r < 0 || r > 1)
      throw new Error(`Invalid fault rate in "${part}"`);
    rates[name as FaultTarget] = r;
  }
  return rates;
}

/** mulberry32: tiny, seedable, good enough to make fault runs reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Which fault target a service belongs to (`connect-tasks` → `connect`), if any. */
export function faultTargetOf(serviceName: string): FaultTarget | undefined {
  const head = serviceName.split("-")[0] as FaultTarget;
  return TARGETS.includes(head) ? head : undefined;
}

/** Decides, with a seeded PRNG, which requests fail, and builds the AWS error each service would send. */
export class FaultInjector {
  private readonly random: () => number;
  readonly injected: Record<FaultTarget, number> = { dynamodb: 0, sns: 0, connect: 0 };

  constructor(
    private readonly rates: FaultRates,
    seed = 1,
  ) {
    this.random = seededRandom(seed);
  }

  get active(): boolean {
    return TARGETS.some((t) => (this.rates[t] ?? 0) > 0);
  }

  /** An AWS-shaped error response when this request should fail, else `undefined`. */
  maybeFail(target: FaultTarget): LocalResponse | undefined {
    const rate = this.rates[target] ?? 0;
    if (rate <= 0 || this.random() >= rate) return undefined;
    this.injected[target]++;
    const pick = this.random() < 0.5;
    return faultResponse(target, pick);
  }
}

function faultResponse(target: FaultTarget, first: boolean): LocalResponse {
  const requestId = crypto.randomUUID();
  switch (target) {
    case "dynamodb": {
      const [status, type, message] = first
        ? [
            400,
            "ProvisionedThroughputExceededException",
            "The level of configured provisioned throughput for the table was exceeded.",
          ]
        : [500, "InternalServerError", "Internal server error"];
      return {
        status,
        headers: { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": requestId },
        body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${type}`, message }),
      };
    }
    case "sns": {
      const [status, code, type, message] = first
        ? [500, "InternalError", "Receiver", "Internal Error"]
        : [400, "Throttled", "Sender", "Rate exceeded"];
      return {
        status,
        headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
        body: `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    }
    case "connect":
      return {
        status: 429,
        headers: {
          "content-type": "application/json",
          "x-amzn-errortype": "ThrottlingException",
          "x-amzn-requestid": requestId,
        },
        body: JSON.stringify({ message: "Rate exceeded" }),
      };
  }
}
