/**
 * The items of a GET /cart answer ({"items": [...], "version", "replica"}), or
 * null when the body is not a cart (a redirect to /login, a 503, an nginx error
 * page): a read that shows no cart cannot say which writes it saw.
 */
export function cartItems(body: unknown): string[] | null {
  if (typeof body !== "string" || body === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || !("items" in value)) return null;
  const items = value.items;
  return Array.isArray(items) && items.every((i) => typeof i === "string") ? items : null;
}

/**
 * A cart item no other write of the run can produce: the app accepts up to 64
 * characters, which these stay far below, and uniqueness is what lets a read
 * say exactly which writes it saw.
 */
export function cartToken(vu: number, iter: number, write: number | string): string {
  return `${vu}-${iter}-${write}`;
}
