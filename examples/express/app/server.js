// An Express + express-session app written the way a typical team writes one.
// session-harness starts it N times behind its own nginx and treats it as a
// third-party app: no harness-specific headers, only what the HTTP contract in
// ../profile.ts describes. Configuration comes only from the environment.
import crypto from 'node:crypto'
import express from 'express'
import session from 'express-session'
import { RedisStore } from 'connect-redis'
import connectMemcached from 'connect-memcached'
import { createClient, createSentinel } from 'redis'

// ---------------------------------------------------------------- config

function invalid(name, accepts) {
  process.stderr.write(`${name}: ${accepts}\n`)
  process.exit(2)
}

function oneOf(name, values, fallback) {
  const v = process.env[name] ?? fallback
  if (!values.includes(v)) invalid(name, `must be one of ${values.join(' | ')}`)
  return v
}

const env = process.env
if (!/^\d{1,5}$/.test(env.PORT ?? '') || Number(env.PORT) > 65535) invalid('PORT', 'is required: an integer 0-65535')
const PORT = Number(env.PORT)
const HOST = env.HOST || '127.0.0.1'
const REPLICA = env.REPLICA || 'app'
if (!/^[A-Za-z0-9_.-]{1,64}$/.test(REPLICA)) invalid('REPLICA', 'must be 1-64 of [A-Za-z0-9_.-], e.g. app-2')
const STORE = oneOf('SESSION_STORE', ['memory', 'redis', 'redis-sentinel', 'memcached'], 'memory')
const COMMIT = oneOf('SESSION_COMMIT', ['before-redirect', 'after-response'], 'after-response')
// One of seed 000's browser-only causes, for the browser scenarios; none is the app as it should be.
// (No narrow Path: express-session skips every request outside its cookie's path, so the app would fail, not the browser.)
const COOKIE_FAULT = oneOf('COOKIE_FAULT', ['none', 'samesite-strict', 'samesite-none-insecure', 'secure-over-http'], 'none')
const EXIT_ON_STDIN_CLOSE = oneOf('EXIT_ON_STDIN_CLOSE', ['0', '1'], '0') === '1'
const COOKIE_NAME = env.SESSION_COOKIE_NAME || 'connect.sid'
if (!/^[A-Za-z0-9_.-]{1,64}$/.test(COOKIE_NAME)) invalid('SESSION_COOKIE_NAME', 'must be 1-64 of [A-Za-z0-9_.-]')
// A fixed secret so that every replica signs cookies alike without setup.
// Test-only: a real deployment must set SESSION_SECRET. The per-replica knob
// makes one at boot instead, the bug of a secret generated in code.
const SECRET = oneOf('SESSION_SECRET_PER_REPLICA', ['0', '1'], '0') === '1'
  ? crypto.randomBytes(32).toString('hex')
  : env.SESSION_SECRET || 'session-harness-test-secret-not-for-production'
let REDIS_URL
if (STORE === 'redis') {
  try {
    REDIS_URL = new URL(env.REDIS_URL ?? '')
    if (!['redis:', 'rediss:'].includes(REDIS_URL.protocol)) throw new Error()
  } catch {
    invalid('REDIS_URL', 'is required with SESSION_STORE=redis: redis://host:port')
  }
}

// redis-sentinel: the sentinels say which node is the primary; the client asks
// them, dials it, and follows them when they promote another one.
const HOST_PORT = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/
function hostPort(name, text, accepts) {
  const m = HOST_PORT.exec(text)
  if (!m || Number(m[2]) > 65535) invalid(name, `${accepts} (got ${JSON.stringify(text)})`)
  return { host: m[1].replace(/^\[(.*)\]$/, '$1'), port: Number(m[2]) }
}
let SENTINEL
if (STORE === 'redis-sentinel') {
  const list = 'is required with SESSION_STORE=redis-sentinel: host:port of each sentinel, comma-separated'
  if (env.REDIS_URL) invalid('REDIS_URL', 'must not be set with SESSION_STORE=redis-sentinel: the sentinels say where the primary is (use REDIS_SENTINELS)')
  const sentinels = (env.REDIS_SENTINELS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (sentinels.length === 0) invalid('REDIS_SENTINELS', list)
  const name = env.REDIS_MASTER_NAME || 'mymaster'
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(name)) invalid('REDIS_MASTER_NAME', `must be the sentinels' name for the primary, 1-64 of [A-Za-z0-9._-] (got ${JSON.stringify(name)})`)
  // Where to dial each node the sentinels name: "announced host:port" -> { host, port }.
  const natMap = {}
  const pairs = 'must hold announced=dialed pairs of host:port, comma-separated'
  for (const pair of (env.REDIS_NAT_MAP ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '')) {
    const [from, to, ...rest] = pair.split('=')
    if (to === undefined || rest.length > 0) invalid('REDIS_NAT_MAP', `${pairs} (got ${JSON.stringify(pair)})`)
    const announced = hostPort('REDIS_NAT_MAP', from, pairs)
    natMap[`${announced.host}:${announced.port}`] = hostPort('REDIS_NAT_MAP', to, pairs)
  }
  SENTINEL = { sentinels: sentinels.map((s) => hostPort('REDIS_SENTINELS', s, 'must be host:port of each sentinel, comma-separated')), name, natMap }
}

let MEMCACHED_SERVERS
if (STORE === 'memcached') {
  MEMCACHED_SERVERS = (env.MEMCACHED_SERVERS ?? '').split(',')
  if (!MEMCACHED_SERVERS.every((s) => /^[A-Za-z0-9.-]+:\d{1,5}$/.test(s))) invalid('MEMCACHED_SERVERS', 'is required with SESSION_STORE=memcached: host:port,host:port')
}
// The memcached client's own failure settings, or ones that use a node again as soon as it is back.
const MEMCACHED_CLIENT = oneOf('MEMCACHED_CLIENT', ['defaults', 'prompt'], 'defaults')

const log = (msg) => process.stdout.write(`${new Date().toISOString()} ${REPLICA} ${msg}\n`)

// ---------------------------------------------------------------- users

// Test fixture: user1..user100, the password of userK is pass-userK.
// Digests first so timingSafeEqual gets equal lengths; an unknown user costs
// the same compare as a known one.
const digest = (s) => crypto.createHash('sha256').update(s, 'utf8').digest()
const NO_USER = digest('\0no such user')

function checkCredentials(username, password) {
  if (typeof username !== 'string' || typeof password !== 'string') return false
  const m = /^user([1-9]\d{0,2})$/.exec(username)
  const known = m !== null && Number(m[1]) <= 100
  const same = crypto.timingSafeEqual(digest(password), known ? digest(`pass-${username}`) : NO_USER)
  return known && same
}

// ---------------------------------------------------------------- session store

let redisClient
let store // undefined: express-session's own MemoryStore, one per process
if (STORE === 'redis') {
  redisClient = createClient({
    url: REDIS_URL.href,
    // Fail a command while the link is down instead of queueing it until
    // Redis is back: a queued command holds the HTTP request open for as long
    // as the outage lasts (nginx would answer 504 after 60 s).
    disableOfflineQueue: true,
    // No per-command timeout: node-redis 5's `commandOptions.timeout` only
    // covers a command not yet written, so a silent link still hangs (README).
    socket: {
      connectTimeout: 2000,
      // Retry forever, backing off to 1 s: Redis restarts, a proxy drops the link.
      reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, 1000),
    },
  })
  // Without a listener an 'error' event (ECONNREFUSED, ECONNRESET) would crash
  // the process; node-redis reconnects by itself, so logging is all we do.
  let lastError = ''
  redisClient.on('error', (err) => {
    const text = `${err.name}: ${err.message}`
    if (text !== lastError) log(`redis error: ${text}`) // once per kind of failure, not per retry
    lastError = text
  })
  redisClient.on('ready', () => {
    if (lastError) log('redis ready again')
    lastError = ''
  })
  store = new RedisStore({ client: redisClient, prefix: 'sess:' })
} else if (STORE === 'redis-sentinel') {
  // node-redis 5's own Sentinel client. It asks the first sentinel that
  // answers for the primary (SENTINEL MASTER), dials it, and subscribes to the
  // sentinels' events (+switch-master, +sdown/-sdown, ...): on any of them, or
  // on a READONLY reply, or when the primary's connection is not ready, it
  // asks again (once a second until they name a primary it can reach) and
  // holds every command meanwhile: a request waits for the failover rather
  // than failing (README). connect-redis 9 calls get/set/expire/del, which
  // the Sentinel client has; its all()/length()/ids()/clear() need
  // scanIterator, which it lacks, and express-session never calls them.
  redisClient = createSentinel({
    name: SENTINEL.name,
    sentinelRootNodes: SENTINEL.sentinels,
    // The sentinels name each node by the address it announces; we must dial
    // our own route to it instead (ioredis calls this natMap).
    nodeAddressMap: SENTINEL.natMap,
    // Forward the node clients' errors to our 'error' listener (logged below).
    passthroughClientErrorEvents: true,
    nodeClientOptions: {
      // As for `redis`: fail a command on a connection that is down rather
      // than queue it (the Sentinel client itself waits for a new primary; see README).
      disableOfflineQueue: true,
      socket: {
        connectTimeout: 2000,
        // Give up on a node after 3 retries (~350 ms), unlike `redis`, which
        // retries forever. node-redis 5's Sentinel client awaits a new
        // primary connection's connect() with no timeout; with a strategy
        // that retries forever, a primary the sentinels still name but we
        // cannot reach (killed, before they notice) hangs every command for
        // good, even after a failover (node-redis #3066, fixed by #3331).
        // Giving up makes connect() reject: the client asks the sentinels
        // again a second later, and opens a new connection.
        reconnectStrategy: (retries, cause) =>
          retries >= 3 ? new Error(`gave up on this node after ${retries} retries (${cause?.message}); asking the sentinels again`) : 50 * 2 ** retries,
      },
    },
    sentinelClientOptions: { socket: { connectTimeout: 2000 } },
  })
  let lastError = ''
  redisClient.on('error', (err) => {
    // The Sentinel client also emits plain strings ("obseve client error: ...").
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
    if (text !== lastError) log(`redis error: ${text}`)
    lastError = text
  })
  redisClient.on('topology-change', (event) => {
    if (event.type !== 'MASTER_CHANGE') return
    // Also when the primary is the same one: node-redis 5 compares the
    // address the sentinels give with the mapped one it dialled, so with a NAT
    // map every sentinel event (+sdown, +slave, ...) reopens the connection.
    const named = `${event.node.host}:${event.node.port}`
    const dial = SENTINEL.natMap[named]
    log(`redis primary: ${named}${dial ? ` dialled at ${dial.host}:${dial.port}` : ''} (sentinels' master ${SENTINEL.name})`)
    lastError = ''
  })
  store = new RedisStore({ client: redisClient, prefix: 'sess:' })
} else if (STORE === 'memcached') {
  const MemcachedStore = connectMemcached(session)
  // connect-memcached hands its options to the `memcached` client, which
  // hashes keys over the servers on a consistent hash ring. Its defaults are
  // what most apps run: a node that failed is asked again only after `retry`
  // (30 s), and after `failures` (5) it is marked dead and retried every
  // `reconnect` (5 hours). `prompt` is what a team tunes them to.
  const client = MEMCACHED_CLIENT === 'prompt' ? { timeout: 1000, retry: 1000, failures: 1, reconnect: 1000 } : {}
  store = new MemcachedStore({ hosts: MEMCACHED_SERVERS, prefix: 'sess:', ...client })
  store.client.on('failure', (d) => log(`memcached failure: ${d.server}`))
  store.client.on('reconnect', (d) => log(`memcached reconnected: ${d.server}`))
}

// ---------------------------------------------------------------- app

const app = express()
app.set('trust proxy', 1) // nginx in front
app.disable('x-powered-by')

const cookie = {
  httpOnly: true,
  sameSite: { 'samesite-strict': 'strict', 'samesite-none-insecure': 'none' }[COOKIE_FAULT] ?? 'lax',
  path: '/',
  // express-session itself refuses to send a Secure cookie over plain http (req.secure is false): the cookie is lost in the server.
  ...(COOKIE_FAULT === 'secure-over-http' ? { secure: true } : {}),
}
const sessionMiddleware = session({
  name: COOKIE_NAME,
  secret: SECRET,
  store,
  resave: false,
  saveUninitialized: false,
  cookie,
})

// express-session answers a failed store.get() with next(err); mark those
// errors so the error handler says 503 and never treats the user as anonymous.
const storeFailure = (err) => Object.assign(err instanceof Error ? err : new Error(String(err)), { status: 503, storeFailure: true })
app.use((req, res, next) => sessionMiddleware(req, res, (err) => next(err && storeFailure(err))))

// express-session skips the session when its store emitted 'disconnect'
// (connect-redis 9 never does): no req.session is then a failure, not a visitor.
function requireUser(req, res, next) {
  if (!req.session) return next(storeFailure(new Error('no session: store not ready')))
  if (!req.session.user) return res.redirect(302, '/login')
  next()
}

// The knob: write the session, then redirect (the write finishes before the
// response starts), or redirect and let express-session write it from its
// res.end() wrapper (see README: headers leave first, the last body byte waits).
function commitAndRedirect(req, res, next, location) {
  if (COMMIT === 'after-response') return res.redirect(302, location)
  req.session.save((err) => {
    if (err) return next(storeFailure(err))
    res.redirect(302, location)
  })
}

const form = express.urlencoded({ extended: false, limit: '16kb' })

app.get('/login', (req, res) => {
  res.type('html').send(`<!doctype html>
<title>Sign in</title>
<form method="post" action="/login">
  <label>Username <input name="username" autocomplete="username"></label>
  <label>Password <input name="password" type="password" autocomplete="current-password"></label>
  <button>Sign in</button>
</form>
`)
})

app.post('/login', form, (req, res, next) => {
  const { username, password } = req.body ?? {}
  if (!checkCredentials(username, password)) return res.status(401).type('text').send('invalid username or password\n')
  // A new id on login: a session id seen before authentication never becomes an authenticated one.
  req.session.regenerate((err) => {
    if (err) return next(storeFailure(err))
    req.session.user = username
    commitAndRedirect(req, res, next, '/dashboard')
  })
})

app.get('/dashboard', requireUser, (req, res) => {
  res.json({ user: req.session.user, cartItems: (req.session.cart ?? []).length })
})

app.post('/cart', form, requireUser, (req, res, next) => {
  const item = req.body?.item
  if (typeof item !== 'string' || item.length < 1 || item.length > 64) return res.status(400).type('text').send('item must be 1-64 characters\n')
  // Read-modify-write of the whole session: connect-redis does not lock, so two
  // concurrent writes from one session can lose one (README, "lost updates").
  ;(req.session.cart ??= []).push(item)
  commitAndRedirect(req, res, next, '/cart')
})

app.get('/cart', requireUser, (req, res) => {
  res.json({ items: req.session.cart ?? [] })
})

app.post('/logout', (req, res, next) => {
  if (!req.session) return next(storeFailure(new Error('no session: store not ready')))
  req.session.destroy((err) => {
    if (err) return next(storeFailure(err))
    res.clearCookie(COOKIE_NAME, cookie) // same name, path and attributes as set, or browsers keep it
    res.redirect(302, '/login')
  })
})

// A store outage fails every request: one log line per second, not one per request.
let failures = 0
let lastReport = 0
function logFailure(req, status, err, late) {
  failures++
  if (Date.now() - lastReport < 1000) return
  log(`${req.method} ${req.path} -> ${status}${late ? ' after the response' : ''}: ${err.name}: ${err.message}${failures > 1 ? ` (${failures} failures since the last such line)` : ''}`)
  lastReport = Date.now()
  failures = 0
}

app.use((err, req, res, next) => {
  const status = err.status ?? err.statusCode ?? 500
  if (res.headersSent) {
    // express-session's own save/touch from its res.end() wrapper failed: the
    // response has gone out already (it sends the held-back last byte anyway),
    // so there is nothing to answer. Express's default handler would print the
    // stack and destroy the socket.
    logFailure(req, status, err, true)
    if (!res.writableEnded) req.socket?.destroy()
    return
  }
  if (status >= 500) logFailure(req, status, err, false)
  // No session on an error page: otherwise express-session tries to save it
  // (to the store that just failed) and sets a cookie for it.
  if (err.storeFailure) req.session = null
  res.status(status).json({ error: err.storeFailure ? 'session store unavailable' : status >= 500 ? 'internal error' : err.message })
})

// ---------------------------------------------------------------- lifecycle

let server
let stopping = false
async function shutdown(why) {
  if (stopping) return
  stopping = true
  log(`stopping (${why})`)
  if (server) {
    // Idle keep-alive connections close now; in-flight requests get ~3 s.
    const closed = new Promise((resolve) => server.close(resolve))
    server.closeIdleConnections()
    const timer = setTimeout(() => server.closeAllConnections(), 3000)
    await closed
    clearTimeout(timer)
  }
  // close() waits for pending replies; a silent link must not keep us alive.
  if (redisClient?.isOpen) await Promise.race([redisClient.close().catch(() => {}), new Promise((r) => setTimeout(r, 1000))])
  log('stopped')
  process.exit(0)
}
// Registered before connecting to Redis, which may retry for a long time.
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
if (EXIT_ON_STDIN_CLOSE) {
  // The harness holds the other end: if it dies, so do we.
  process.stdin.on('end', () => shutdown('stdin closed'))
  process.stdin.on('close', () => shutdown('stdin closed'))
  process.stdin.resume()
}

if (STORE === 'redis') await redisClient.connect() // retried by reconnectStrategy until Redis answers
if (STORE === 'redis-sentinel') {
  // Asks the sentinels for the primary and connects to it; after 16 failed
  // rounds (about 1 s apart) it gives up, and a Sentinel client cannot be
  // connected twice, so that is the end of this process.
  try {
    await redisClient.connect()
  } catch (err) {
    log(`cannot reach the primary through the sentinels ${SENTINEL.sentinels.map((s) => `${s.host}:${s.port}`).join(',')}: ${err.message}`)
    process.exit(1)
  }
}

if (!stopping) {
  server = app.listen(PORT, HOST, (err) => {
    if (err) {
      log(`cannot listen on ${HOST}:${PORT}: ${err.message}`)
      process.exit(1)
    }
    log(`listening on http://${HOST}:${server.address().port} store=${STORE} commit=${COMMIT}`)
  })
  // Longer than nginx's upstream keepalive (and any LB's idle timeout, 60-65 s):
  // the proxy must be the one to close an idle connection, or it may reuse one
  // we are closing and answer 502.
  server.keepAliveTimeout = 75_000
  server.headersTimeout = 76_000
}
