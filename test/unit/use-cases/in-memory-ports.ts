import { isLocked, type Order } from "../../../fulfillment/src/domain/order.js";
import type {
  ApplyResult,
  CallbackLog,
  CallbackRequest,
  Dependencies,
  OrderChange,
  OrderStore,
  PendingSms,
} from "../../../fulfillment/src/ports.js";

/**
 * The orders table in memory, with DynamoDB's conditional-write semantics (status, date, version, identity,
 * and the verification lock on the item).
 */
export class InMemoryOrderStore implements OrderStore {
  readonly orders = new Map<string, Order>();
  /** The next write loses a race: someone else changed the order just before it. */
  loseNextRace = false;
  /** The next write finds the order locked: failed checks elsewhere locked it just before it (for an hour). */
  lockBeforeNextWrite = false;

  put(order: Order): void {
    this.orders.set(order.orderId, { ...order });
  }

  async get(orderId: string): Promise<Order | null> {
    const o = this.orders.get(orderId);
    return o ? { ...o } : null;
  }

  async findByPhone(customerPhone: string): Promise<Order[]> {
    return [...this.orders.values()].filter((o) => o.customerPhone === customerPhone).map((o) => ({ ...o }));
  }

  async hasOrders(customerPhone: string): Promise<boolean> {
    return [...this.orders.values()].some((o) => o.customerPhone === customerPhone);
  }

  async apply(change: OrderChange): Promise<ApplyResult> {
    const current = this.orders.get(change.orderId);
    if (current && this.loseNextRace) {
      this.loseNextRace = false;
      current.version += 1;
      current.lastRequest = "shop:back-office";
    }
    if (current && this.lockBeforeNextWrite) {
      this.lockBeforeNextWrite = false;
      current.lockedUntil = Date.parse(change.at) + 3_600_000;
    }
    const now = new Date(change.at);
    const holds =
      current &&
      current.status === change.expected.status &&
      current.shippingDate === change.expected.shippingDate &&
      current.version === change.expected.version &&
      (change.identity.kind === "caller"
        ? current.customerPhone === change.identity.customerPhone
        : current.customerPhone.endsWith(change.identity.last4)) &&
      !isLocked(current, now);
    if (!current || !holds) {
      const order = current ? { ...current } : null;
      if (order?.lastRequest === change.requestKey) return { outcome: "DUPLICATE", order };
      if (order && isLocked(order, now)) return { outcome: "LOCKED" };
      return { outcome: "CHANGED", order };
    }
    Object.assign(current, change.set, { version: current.version + 1, lastRequest: change.requestKey });
    return { outcome: "APPLIED", order: { ...current } };
  }

  async lock(orderId: string, until: Date): Promise<void> {
    const current = this.orders.get(orderId);
    // Like the conditional UpdateItem: no item for an unknown id, and a longer lock stands.
    if (current && !(current.lockedUntil && current.lockedUntil >= until.getTime())) {
      current.lockedUntil = until.getTime();
    }
  }
}

/** Callback records and SMS kept for retry, in memory. */
export class InMemoryCallbackLog implements CallbackLog {
  readonly callbacks: (CallbackRequest & { contactId: string })[] = [];
  readonly failedSms: { requestKey: string; phoneNumber: string; message: string; error: string }[] = [];

  async record(request: CallbackRequest & { contactId: string }): Promise<"CREATED" | "DUPLICATE"> {
    if (this.callbacks.some((c) => c.requestKey === request.requestKey)) return "DUPLICATE";
    this.callbacks.push(request);
    return "CREATED";
  }
  async keepFailedSms(entry: { requestKey: string; phoneNumber: string; message: string; error: string }) {
    this.failedSms.push(entry);
  }
  async pendingSms(): Promise<PendingSms[]> {
    return [];
  }
  async claimSms(): Promise<boolean> {
    return false;
  }
  async settleSms(): Promise<void> {}
}

/** Every port in memory: the order store, SMS and Connect tasks recorded, a fixed clock. */
export function inMemoryDependencies(now: Date) {
  const orders = new InMemoryOrderStore();
  const callbackLog = new InMemoryCallbackLog();
  const sms: { phoneNumber: string; message: string }[] = [];
  const tasks: CallbackRequest[] = [];
  const deps: Dependencies = {
    orders,
    callbackLog,
    sms: {
      async send(phoneNumber, message) {
        sms.push({ phoneNumber, message });
      },
    },
    callbacks: {
      async schedule(request) {
        tasks.push(request);
        return { contactId: `task-${tasks.length}` };
      },
    },
    now: () => now,
  };
  return { deps, orders, callbackLog, sms, tasks };
}
