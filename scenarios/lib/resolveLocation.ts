/**
 * The URL a redirect points to, resolved against the run's BASE_URL by hand
 * because k6's runtime has no WHATWG URL. Covers what servers send: an absolute
 * URL, an absolute path ("/dashboard") and, rarely, a relative path.
 */
export function resolveLocation(baseUrl: string, location: string): string {
  if (/^https?:\/\//i.test(location)) return location;
  const origin = /^https?:\/\/[^/?#]+/i.exec(baseUrl)?.[0];
  if (origin === undefined) throw new Error(`resolveLocation: base ${JSON.stringify(baseUrl)} is not an http(s) URL`);
  if (location.startsWith("//")) return `${origin.slice(0, origin.indexOf(":"))}:${location}`;
  if (location.startsWith("/")) return origin + location;
  return `${baseUrl.replace(/\/+$/, "")}/${location}`;
}
