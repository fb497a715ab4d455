<?php
declare(strict_types=1);
require __DIR__ . '/lib/session.php';

$user = require_user();

if ($_SERVER['REQUEST_METHOD'] === 'POST') {
    $item = $_POST['item'] ?? null;
    $valid = is_string($item) && preg_match('/^[^\x00-\x1f\x7f]{1,64}$/uD', $item) === 1;
    if (!$valid) {
        http_response_code(400);
        header('Content-Type: text/plain; charset=utf-8');
        echo "item must be 1-64 printable characters\n";
        exit;
    }
    // Read-modify-write of the whole session: two of these at once, unlocked, can lose one.
    $_SESSION['cart'][] = $item;
    commit_and_redirect('/cart.php');
}

$list = '';
foreach ($_SESSION['cart'] ?? [] as $item) {
    $list .= '<li class="item">' . h((string) $item) . "</li>\n";
}
page('Cart', "<h1>Cart of " . h($user) . "</h1>\n<ul class=\"cart\">\n$list</ul>\n"
    . "<form method=\"post\" action=\"/cart.php\"><input name=\"item\" maxlength=\"64\"><button>Add</button></form>\n");
