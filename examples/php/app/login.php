<?php
declare(strict_types=1);
require __DIR__ . '/lib/session.php';

function login_form(string $error = ''): void
{
    page('Sign in', ($error === '' ? '' : '<p class="error">' . h($error) . "</p>\n")
        . "<form method=\"post\" action=\"/login.php\">\n"
        . "<label>User <input name=\"username\" autocomplete=\"username\"></label>\n"
        . "<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label>\n"
        . "<button>Sign in</button>\n</form>\n");
}

if ($_SERVER['REQUEST_METHOD'] !== 'POST') {
    // The form touches no session: no store round trip, no cookie for visitors.
    login_form();
    exit;
}

$username = $_POST['username'] ?? '';
$password = $_POST['password'] ?? '';
if (!is_string($username) || !is_string($password) || !check_credentials($username, $password)) {
    http_response_code(401);
    login_form('Wrong user name or password.');
    exit;
}

if (cookie_fault() === 'lost') {
    // Seed 000's "headers already sent": output before session_start() (a stray
    // newline after the closing tag of an include, a BOM) with output buffering off (the knob sets
    // output_buffering=0). PHP then refuses to start the session and to send any
    // header, the cookie and the Location included.
    echo "\n";
}
start_session();
// A new id at the privilege change (session fixation); true drops the old one.
if (!session_op('session_regenerate_id', true)) {
    store_unavailable('session_regenerate_id() failed');
}
$_SESSION = ['user' => $username, 'cart' => [], 'login_at' => time()];
commit_and_redirect('/dashboard.php');
