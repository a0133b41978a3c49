import { addDays, todayIn } from "../../fulfillment/src/dates/index.js";
import { loadBotText } from "../../locales/index.js";

/** Order statuses in the orders table contract. */
export type DemoOrderStatus = "PLACED" | "SHIPPED" | "DELIVERED" | "CANCELLED";

/** One orders-table item: the key plus the six contract attributes, nothing else. */
export interface DemoOrder {
  orderId: string;
  customerPhone: string;
  customerName: string;
  itemName: string;
  /** `YYYY-MM-DD` in the order locale's shop zone. */
  shippingDate: string;
  status: DemoOrderStatus;
  locale: "ja_JP" | "en_US";
}

interface DemoOrderSpec extends Omit<DemoOrder, "shippingDate"> {
  /** Shipping date as days from today in the locale's zone. */
  shipInDays: number;
}

// Other tests rely on these customers and orders exactly; change them only with those tests.
const SPECS: DemoOrderSpec[] = [
  {
    orderId: "1001",
    customerPhone: "+819012345678",
    customerName: "佐藤 花子",
    itemName: "電気ケトル",
    status: "PLACED",
    locale: "ja_JP",
    shipInDays: 6,
  },
  {
    orderId: "1002",
    customerPhone: "+819087654321",
    customerName: "鈴木 一郎",
    itemName: "加湿器",
    status: "PLACED",
    locale: "ja_JP",
    shipInDays: 8,
  },
  {
    orderId: "1003",
    customerPhone: "+819087654321",
    customerName: "鈴木 一郎",
    itemName: "コーヒーメーカー",
    status: "SHIPPED",
    locale: "ja_JP",
    shipInDays: -1,
  },
  {
    orderId: "1004",
    customerPhone: "+819087654321",
    customerName: "鈴木 一郎",
    itemName: "炊飯器",
    status: "DELIVERED",
    locale: "ja_JP",
    shipInDays: -6,
  },
  {
    orderId: "2001",
    customerPhone: "+12025550123",
    customerName: "Jane Smith",
    itemName: "wireless headphones",
    status: "PLACED",
    locale: "en_US",
    shipInDays: 5,
  },
  {
    orderId: "2002",
    customerPhone: "+12025550188",
    customerName: "John Doe",
    itemName: "desk lamp",
    status: "PLACED",
    locale: "en_US",
    shipInDays: 7,
  },
  {
    orderId: "2003",
    customerPhone: "+12025550188",
    customerName: "John Doe",
    itemName: "yoga mat",
    status: "PLACED",
    locale: "en_US",
    shipInDays: 9,
  },
  {
    orderId: "2004",
    customerPhone: "+12025550188",
    customerName: "John Doe",
    itemName: "blender",
    status: "CANCELLED",
    locale: "en_US",
    shipInDays: 4,
  },
  {
    orderId: "2005",
    customerPhone: "+12025550142",
    customerName: "Alex Kim",
    itemName: "running shoes",
    status: "SHIPPED",
    locale: "en_US",
    shipInDays: -2,
  },
];

const FALLBACK_ZONES: Record<string, string> = { ja_JP: "Asia/Tokyo", en_US: "America/New_York" };

/** The shop zone of a locale: `locales/<id>/bot.json` when present, else a sane default. */
export function shopTimeZone(localeId: string): string {
  try {
    return loadBotText(localeId).timeZone;
  } catch {
    return FALLBACK_ZONES[localeId] ?? "UTC";
  }
}

/** The demo orders with shipping dates relative to `now` in each order's shop zone. */
export function demoOrders(now: Date = new Date()): DemoOrder[] {
  return SPECS.map(({ shipInDays, ...order }) => ({
    ...order,
    shippingDate: addDays(todayIn(shopTimeZone(order.locale), now), shipInDays),
  }));
}

/** A DynamoDB `PutItem` item (attribute-value JSON) for an order. */
export function toDynamoItem(order: DemoOrder): Record<string, { S: string }> {
  return Object.fromEntries(Object.entries(order).map(([k, v]) => [k, { S: String(v) }]));
}
