import { stringField } from "../http/body";
import { json, redirect } from "../http/Reply";
import { toLogin, type Route } from "./Route";

const MAX_ITEM_LENGTH = 64;

export const cartRoute: Route = {
  method: "GET",
  path: "/cart",
  lookup: true,
  handle({ app, session: { session } }) {
    if (session === undefined) return toLogin();
    return json(200, { items: session.cart, version: session.version, replica: app.config.replica });
  },
};

/** The write-then-redirect whose commit timing decides whether GET /cart sees it. */
export const addToCartRoute: Route = {
  method: "POST",
  path: "/cart",
  body: true,
  lookup: true,
  locked: true,
  handle({ fields, session }) {
    if (session.session === undefined) return toLogin();
    const item = stringField(fields, "item");
    if (item === undefined || item === "" || item.length > MAX_ITEM_LENGTH) {
      return json(400, { error: `item must be a string of 1-${MAX_ITEM_LENGTH} characters` });
    }
    session.update((s) => s.cart.push(item));
    return redirect("/cart");
  },
};
