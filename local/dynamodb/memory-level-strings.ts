import memoryLevel from "memory-level";

/**
 * dynalite builds its in-memory database as `new MemoryLevel({ valueEncoding: 'json' })`, whose store encoding
 * defaults to `buffer`: every key and item is then a Buffer made from a string, each a slice of Node's shared
 * 8 KiB pool that keeps its whole slab alive (about 26 KiB per bench conversation, never freed), and every read
 * decodes a Buffer back into a string before JSON. Stored as strings (`storeEncoding: 'utf8'`,
 * https://github.com/Level/memory-level#db--new-memorylevellocation-options) no Buffer is made per key or item
 * and Node's Buffer pool can stay on. dynalite's keys are hex and ASCII, so their order as strings is their byte
 * order, as DynamoDB sorts them. Imported by local/dynamodb/dynamodb-service.ts before dynalite, which reads
 * `MemoryLevel` from this same module object when it loads.
 */
const { MemoryLevel } = memoryLevel;

class StringStoreMemoryLevel<K = string, V = string> extends MemoryLevel<K, V> {
  constructor(options?: ConstructorParameters<typeof MemoryLevel<K, V>>[0]) {
    super({ storeEncoding: "utf8", ...options });
  }
}

memoryLevel.MemoryLevel = StringStoreMemoryLevel as typeof MemoryLevel;
