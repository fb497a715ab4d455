<?php
declare(strict_types=1);
require __DIR__ . '/lib/session.php';

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    http_response_code(405);
    header('Allow: POST');
    exit;
}
if (has_session_cookie()) {
    start_session(); // 503 if the store is down: the server-side session would outlive a "logout"
    $_SESSION = [];
    if (!session_op('session_destroy')) {
        store_unavailable('session_destroy() failed');
    }
    // Same attributes as the session module used to set it, or browsers keep the old one.
    $p = cookie_params();
    setcookie(session_cookie_name(), '', [
        'expires' => 1, 'path' => $p['path'], 'domain' => $p['domain'],
        'secure' => $p['secure'], 'httponly' => $p['httponly'], 'samesite' => $p['samesite'],
    ]);
}
redirect('/login.php');
