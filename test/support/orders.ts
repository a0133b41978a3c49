/** Jane Smith's placed English order (shipping 2026-11-26), one per caller in the adapter, security and use-case tests. */
export function janesOrder(orderId: string, customerPhone: string, itemName = "kettle") {
  return {
    orderId,
    customerPhone,
    customerName: "Jane Smith",
    itemName,
    shippingDate: "2026-11-26",
    status: "PLACED" as const,
    locale: "en_US",
  };
}
