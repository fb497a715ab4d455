<?php
declare(strict_types=1);
require __DIR__ . '/lib/session.php';

$user = require_user();
$items = count($_SESSION['cart'] ?? []);
page('Dashboard', '<h1>Dashboard</h1>' . "\n"
    . '<p>Signed in as <span class="user">' . h($user) . "</span>, $items item(s) in your <a href=\"/cart.php\">cart</a>.</p>\n"
    . "<form method=\"post\" action=\"/logout.php\"><button>Sign out</button></form>\n");
