import { z } from "zod";

/** Connect STRING_MAP response: flat strings, under 32 KB. */
export const stringMapSchema = z
  .record(z.string(), z.string())
  .refine((m) => Buffer.byteLength(JSON.stringify(m)) < 32_000, "over 32 KB");
