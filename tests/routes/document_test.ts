/**
 * Every page is one well-formed document: one `<html>`, whose `<head>`
 * (with the title and the stylesheets) comes before its one `<body>`. On
 * upstream Fresh this needs `jsxPrecompileSkipElements` in routes/ and
 * components/ (their deno.json): without it `_app`'s document lands
 * inside Fresh's own, its head elements in the outer `<body>`.
 */
import { ok, strictEqual } from "node:assert";
import { Client } from "../helpers/client.ts";

function count(html: string, tag: string): number {
  return html.match(new RegExp(`<${tag}[\\s>]`, "g"))?.length ?? 0;
}

Deno.test("each page is one document, with its head before its body", async () => {
  const client = await Client.forApp();
  await client.post("/cart/add", { product_id: "notebook" });
  for (
    const path of [
      "/",
      "/about",
      "/cart",
      "/products/notebook",
      "/posts",
      "/login",
      "/no-such-page",
    ]
  ) {
    const { html } = await client.get(path);
    for (const tag of ["html", "head", "body", "title"]) {
      strictEqual(
        count(html, tag),
        1,
        `${path}: <${tag}> × ${count(html, tag)}`,
      );
    }
    const head = html.slice(html.indexOf("<head>"), html.indexOf("</head>"));
    ok(head.includes("<title>"), `${path}: the title is in <head>`);
    ok(head.includes('rel="stylesheet"'), `${path}: stylesheets are in <head>`);
    ok(html.indexOf("</head>") < html.indexOf("<body"), path);
    const body = html.slice(html.indexOf("<body"));
    ok(
      !body.includes("<meta") && !body.includes('rel="stylesheet"'),
      `${path}: no head elements in <body>`,
    );
  }
});
