import { describe, expect, it } from "vitest";
import { documentRootProblem, PRIMARY_SCRIPT_UNKNOWN_BODY, scriptFilename } from "../../../harness/cluster/fastcgiProbe";

const probe = { path: "/dashboard.php", template: "{profileDir}/ap", documentRoot: "/work/h/examples/php/ap", index: "index.php" };

describe("documentRootProblem: php-fpm's Primary script unknown as a start error", () => {
  it("names replica.fastcgi.documentRoot, the script tried and the value as written, in one line", () => {
    // php-fpm's own body, with the newline it sends.
    const message = documentRootProblem({ status: 404, body: `${PRIMARY_SCRIPT_UNKNOWN_BODY}\n` }, { ...probe, exists: false });
    expect(message).toBe(
      'replica.fastcgi.documentRoot: php-fpm found no script at /work/h/examples/php/ap/dashboard.php (no such file): GET /dashboard.php through nginx answered 404 "File not found." ("Primary script unknown"); the document root "{profileDir}/ap" is /work/h/examples/php/ap: make it the folder that holds the app\'s scripts',
    );
    expect(message).not.toContain("\n");
  });

  it("says when the file is there (php-fpm cannot read it), and says nothing of it when unknown (a container)", () => {
    expect(documentRootProblem({ status: 404, body: "File not found." }, { ...probe, exists: true })).toMatch(/dashboard\.php; the file is there, so php-fpm may not read it/);
    expect(documentRootProblem({ status: 404, body: "File not found." }, probe)).toMatch(/^replica\.fastcgi\.documentRoot: php-fpm found no script at \/work\/h\/examples\/php\/ap\/dashboard\.php: GET/);
  });

  it("leaves every other answer alone: the app's own 404 page, a redirect, an error", () => {
    expect(documentRootProblem({ status: 302, body: "" }, probe)).toBeUndefined();
    expect(documentRootProblem({ status: 404, body: "<h1>Not here</h1>" }, probe)).toBeUndefined();
    expect(documentRootProblem({ status: 502, body: "File not found." }, probe)).toBeUndefined();
  });

  it("tries the path nginx would: the index for a folder, no query string", () => {
    expect(scriptFilename("/srv/app", "/", "index.php")).toBe("/srv/app/index.php");
    expect(scriptFilename("/srv/app", "/account/?x=1", "index.php")).toBe("/srv/app/account/index.php");
    expect(scriptFilename("/srv/app", "/cart.php?x=1", "index.php")).toBe("/srv/app/cart.php");
  });
});
