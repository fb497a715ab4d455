<?php
// Everything the pages share: the session cookie, the commit knob, and how a
// store failure is answered. The session store itself is not chosen here: the
// harness picks it with php-fpm `-d session.save_handler=… -d session.save_path=…`,
// so this is PHP's stock session module exactly as a third-party app uses it.
declare(strict_types=1);

// Reached directly (/lib/session.php), this file would run as an empty page.
if (realpath($_SERVER['SCRIPT_FILENAME'] ?? '') === __FILE__) {
    http_response_code(404);
    exit;
}

const COMMIT_MODES = ['before-redirect', 'script-end', 'after-response'];

/** The SESSION_COMMIT knob; unset means PHP's default behaviour (script-end). */
function commit_mode(): string
{
    $mode = getenv('SESSION_COMMIT');
    if ($mode === false || $mode === '') {
        return 'script-end';
    }
    if (!in_array($mode, COMMIT_MODES, true)) {
        // A typo must not silently measure the default.
        error_log("SESSION_COMMIT=$mode is not one of " . implode(', ', COMMIT_MODES));
        http_response_code(500);
        exit;
    }
    return $mode;
}

const COOKIE_FAULTS = ['none', 'lost', 'narrow-path', 'samesite-strict', 'samesite-none-insecure', 'secure-over-http'];

/** The COOKIE_FAULT knob: one of seed 000's browser-only causes, for the browser scenarios; unset means none. */
function cookie_fault(): string
{
    $fault = getenv('COOKIE_FAULT');
    if ($fault === false || $fault === '') {
        return 'none';
    }
    if (!in_array($fault, COOKIE_FAULTS, true)) {
        error_log("COOKIE_FAULT=$fault is not one of " . implode(', ', COOKIE_FAULTS));
        http_response_code(500);
        exit;
    }
    return $fault;
}

/** One definition, used to set the cookie and to expire it: logout must match it exactly. */
function cookie_params(): array
{
    $fault = cookie_fault();
    return [
        'lifetime' => 0,
        'path' => $fault === 'narrow-path' ? '/account/' : '/',
        'domain' => '',
        'secure' => $fault === 'secure-over-http',
        'httponly' => true,
        'samesite' => match ($fault) { 'samesite-strict' => 'Strict', 'samesite-none-insecure' => 'None', default => 'Lax' },
    ];
}

function session_cookie_name(): string
{
    $name = getenv('SESSION_COOKIE_NAME');
    return $name === false || $name === '' ? 'PHPSESSID' : $name;
}

/** Did the client send a session cookie at all? Without one there is nothing to look up. */
function has_session_cookie(): bool
{
    return isset($_COOKIE[session_cookie_name()]);
}

/**
 * session_start(), failing closed. With phpredis and Redis unreachable,
 * session_start() logs "Failed to read session data: redis" and returns
 * false with $_SESSION empty: carrying on would answer a logged-in user as
 * anonymous, which is the very symptom under test, so we answer 503 instead.
 */
function start_session(): void
{
    session_name(session_cookie_name());
    session_set_cookie_params(cookie_params());
    if (!session_op('session_start')) {
        store_unavailable('session_start() failed');
    }
}

/**
 * Runs one session function; false if it returned false or threw. phpredis
 * throws RedisException instead of returning false when Redis goes away in the
 * middle of a request ("Connection lost") or stops answering ("read error on
 * connection"): both mean the store failed.
 */
function session_op(callable $fn, mixed ...$args): bool
{
    try {
        return $fn(...$args) !== false;
    } catch (Throwable $e) {
        error_log('session store error: ' . get_class($e) . ': ' . $e->getMessage());
        return false;
    }
}

/** 503 with no session cookie: the store, not the user, is the problem. */
function store_unavailable(string $why): never
{
    error_log("session store unavailable: $why");
    if (session_status() === PHP_SESSION_ACTIVE) {
        session_op('session_abort'); // may throw too when the connection is gone
    }
    header_remove('Location');
    header_remove('Set-Cookie');
    http_response_code(503);
    header('Retry-After: 1');
    header('Cache-Control: no-store');
    header('Content-Type: text/plain; charset=utf-8');
    echo "Session store unavailable, try again.\n";
    exit;
}

/**
 * session_write_close() returns true even when the save handler failed (PHP
 * 8.2 only warns), so a warning, or an exception, is what tells us the write
 * was lost.
 */
function write_session(): bool
{
    $warned = false;
    set_error_handler(function () use (&$warned): bool {
        $warned = true;
        return false; // still logged by PHP's own handler
    }, E_WARNING);
    try {
        $ok = session_op('session_write_close');
    } finally {
        restore_error_handler();
    }
    return $ok && !$warned;
}

/** The end of every state-changing request: commit per SESSION_COMMIT, then 302. */
function commit_and_redirect(string $location): never
{
    switch (commit_mode()) {
        case 'before-redirect':
            // Seed 000's fix: the write is done (or known to have failed) before any byte leaves.
            if (!write_session()) {
                store_unavailable('session write failed');
            }
            header("Location: $location", true, 302);
            break;
        case 'after-response':
            // The 302 leaves now; PHP writes the session at shutdown, after the client has it.
            header("Location: $location", true, 302);
            fastcgi_finish_request();
            break;
        case 'script-end':
            // PHP's default: written at request shutdown. FPM still holds the response
            // until then, but a failed write can no longer change the 302.
            header("Location: $location", true, 302);
            break;
    }
    exit;
}

function redirect(string $location): never
{
    header("Location: $location", true, 302);
    exit;
}

/** The logged-in user, or a 302 to the login page. */
function require_user(): string
{
    if (!has_session_cookie()) {
        redirect('/login.php');
    }
    start_session();
    $user = $_SESSION['user'] ?? null;
    if (!is_string($user)) {
        redirect('/login.php');
    }
    return $user;
}

/** Test fixture: user1..user100, password "pass-userN". */
function check_credentials(string $username, string $password): bool
{
    $known = preg_match('/^user([1-9][0-9]?|100)$/D', $username) === 1;
    // Compare even for unknown users so both paths cost the same.
    $ok = hash_equals('pass-' . $username, $password);
    return $known && $ok;
}

function h(string $s): string
{
    return htmlspecialchars($s, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
}

function page(string $title, string $body): void
{
    header('Content-Type: text/html; charset=utf-8');
    echo "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>", h($title), "</title></head>\n<body>\n", $body, "</body></html>\n";
}
