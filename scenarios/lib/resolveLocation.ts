/**
 * The URL a redirect points to, resolved against the URL of the request that
 * got it, by hand because k6's runtime has no WHATWG URL. Covers what servers
 * send: an absolute URL, a scheme-relative one, an absolute path
 * ("/dashboard") and a relative path ("dashboard.php", as PHP apps often send).
 */
export function resolveLocation(requestUrl: string, location: string): string {
  if (/^https?:\/\//i.test(location)) return location;
  const origin = /^https?:\/\/[^/?#]+/i.exec(requestUrl)?.[0];
  if (origin === undefined) throw new Error(`resolveLocation: base ${JSON.stringify(requestUrl)} is not an http(s) URL`);
  if (location.startsWith("//")) return `${origin.slice(0, origin.indexOf(":"))}:${location}`;
  if (location.startsWith("/")) return origin + location;
  const path = requestUrl.slice(origin.length).split(/[?#]/, 1)[0] ?? "";
  const dir = path.slice(0, path.lastIndexOf("/") + 1) || "/";
  if (location.startsWith("?")) return origin + path + location;
  return origin + dir + location;
}
