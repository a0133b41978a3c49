import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Lex session attributes are written by whoever calls RecognizeText / PutSession (any principal with
 * `lex:RecognizeText` on the alias, the console's test window, a web client). The ones Orderline acts on —
 * the verified order, the caller's orders, the counters, the callback number and time — are sealed with an
 * HMAC over the session id and their values; a turn that arrives with a missing or wrong seal drops them all.
 */

/** Orderline's attributes that prove identity or carry a number or time to act on. */
export const SEALED_ATTRIBUTE = /^ol:(order|orders|verifyFailures|callback[A-Za-z]*|stepUp[A-Za-z]*)$/;
/** Where the seal travels. */
export const SEAL_ATTRIBUTE = "ol:seal";

/** The HMAC key: from the Lambda environment (Secrets Manager in the stack), else random per process. */
export function sessionSealKey(configured: string | undefined): { key: Buffer; ephemeral: boolean } {
  if (configured && configured.length >= 32)
    return { key: Buffer.from(configured, "utf8"), ephemeral: false };
  return { key: randomBytes(32), ephemeral: true };
}

function sealOf(key: Buffer, sessionId: string, attrs: Record<string, string>): string {
  const mac = createHmac("sha256", key).update(sessionId);
  for (const name of Object.keys(attrs)
    .filter((k) => SEALED_ATTRIBUTE.test(k))
    .sort()) {
    mac.update(`\u0000${name}\u0000${attrs[name]}`);
  }
  return mac.digest("base64url").slice(0, 32);
}

/**
 * Checks the seal of incoming attributes in place: a valid seal keeps them; otherwise every sealed attribute is
 * removed and their names returned (to be logged as forged). Attributes without any sealed name pass as is.
 */
export function openSession(key: Buffer, sessionId: string, attrs: Record<string, string>): string[] {
  const sealed = Object.keys(attrs).filter((k) => SEALED_ATTRIBUTE.test(k));
  const seal = attrs[SEAL_ATTRIBUTE];
  delete attrs[SEAL_ATTRIBUTE];
  if (sealed.length === 0) return [];
  const expected = Buffer.from(sealOf(key, sessionId, attrs));
  const given = Buffer.from(typeof seal === "string" ? seal : "");
  if (given.length === expected.length && timingSafeEqual(given, expected)) return [];
  for (const name of sealed) delete attrs[name];
  return sealed;
}

/** Seals outgoing attributes in place (nothing to seal: no seal). */
export function sealSession(key: Buffer, sessionId: string, attrs: Record<string, string>): void {
  delete attrs[SEAL_ATTRIBUTE];
  if (Object.keys(attrs).some((k) => SEALED_ATTRIBUTE.test(k))) {
    attrs[SEAL_ATTRIBUTE] = sealOf(key, sessionId, attrs);
  }
}
