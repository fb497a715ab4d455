<?php
// "/" (nginx's fastcgi_index) goes where a signed-in user would start.
header('Location: /dashboard.php', true, 302);
