import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseWithZod } from "@conform-to/zod";
import { describe, expect, test } from "vitest";
import { z } from "zod";
import { FORM_MAX_BYTES, parseJsonBody, readForm, readText } from "./form.server";

const URLENCODED = { "Content-Type": "application/x-www-form-urlencoded" };

function post(body: BodyInit | null, headers: Record<string, string> = URLENCODED) {
  return new Request("http://localhost:3000/pledge", { method: "POST", body, headers });
}

/** A body sent in pieces with no Content-Length, as a chunked upload is. */
function chunked(pieces: string[], headers: Record<string, string> = URLENCODED) {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
  return new Request("http://localhost:3000/pledge", {
    method: "POST",
    body: stream,
    headers,
    duplex: "half",
  } as RequestInit);
}

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
  throw new Error("expected a refusal, but the form was accepted");
}

describe("readForm", () => {
  test("reads an ordinary urlencoded form and a multipart one", async () => {
    const form = await readForm(post("name=Jane+Smith&qualities=values&qualities=delivery"));
    expect(form.get("name")).toBe("Jane Smith");
    expect(form.getAll("qualities")).toEqual(["values", "delivery"]);

    const multipart = new FormData();
    multipart.append("name", "Jane");
    multipart.append("email", "jane@example.org");
    const encoded = new Request("http://localhost/x", { method: "POST", body: multipart });
    const read = await readForm(
      post(await encoded.arrayBuffer(), { "Content-Type": encoded.headers.get("Content-Type")! }),
    );
    expect(Object.fromEntries(read)).toEqual({ name: "Jane", email: "jane@example.org" });
  });

  test("refuses a body that is not a form, or has no content type, with 415", async () => {
    expect((await refusal(() => readForm(post('{"name":"x"}', { "Content-Type": "application/json" })))).status).toBe(
      415,
    );
    expect((await refusal(() => readForm(post("name=x", { "Content-Type": "text/plain" })))).status).toBe(415);
    const bare = new Request("http://localhost/x", { method: "POST", body: new Uint8Array([110, 61, 49]) });
    expect(bare.headers.get("Content-Type")).toBeNull();
    expect((await refusal(() => readForm(bare))).status).toBe(415);
  });

  test("refuses a body over 64 KiB with 413, whether or not it says how long it is", async () => {
    const big = `name=${"a".repeat(FORM_MAX_BYTES)}`;
    expect(await refusal(() => readForm(post(big)))).toMatchObject({ status: 413 });
    // No Content-Length at all: counted as it arrives.
    const pieces = Array.from({ length: 80 }, () => "a".repeat(1024));
    expect((await refusal(() => readForm(chunked(["name=", ...pieces])))).status).toBe(413);
    // A Content-Length that lies low changes nothing.
    const lying = chunked(["name=", ...pieces], { ...URLENCODED, "Content-Length": "10" });
    expect((await refusal(() => readForm(lying))).status).toBe(413);
    // Just under the cap is fine.
    expect((await readForm(chunked(["n=", "a".repeat(FORM_MAX_BYTES - 2)]))).get("n")).toHaveLength(FORM_MAX_BYTES - 2);
  });

  test("refuses more than 100 fields, long names and huge bracketed indexes with 400", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `f${i}=1`).join("&");
    expect(await refusal(() => readForm(post(many)))).toMatchObject({ status: 400 });
    expect((await readForm(post(Array.from({ length: 100 }, (_, i) => `f${i}=1`).join("&")))).getAll("f99")).toEqual([
      "1",
    ]);
    expect((await refusal(() => readForm(post(`${"n".repeat(101)}=1`)))).status).toBe(400);
    for (const name of ["qualities[999999999]", "x[10000000]", "a[0][5000]", "qualities[100]", "q[0000000001]"])
      expect((await refusal(() => readForm(post(`${encodeURIComponent(name)}=1`)))).status, name).toBe(400);
    expect((await readForm(post("qualities%5B99%5D=values"))).get("qualities[99]")).toBe("values");
  });

  test("the bracket check runs before Conform could expand the array", async () => {
    // What the pledge form did with this: a billion-slot array, then out of memory.
    const body = "qualities%5B999999999%5D=1";
    await expect(readForm(post(body))).rejects.toBeInstanceOf(Response);
    // And what an accepted index turns into is small.
    const form = await readForm(post("qualities%5B99%5D=values"));
    const submission = parseWithZod(form, { schema: z.object({ qualities: z.array(z.string()).max(4) }) });
    expect(submission.status).toBe("error");
  });

  test("refuses NUL in a value or a name, and broken multipart, with 400 in plain words", async () => {
    expect(await refusal(() => readForm(post("name=Jane%00Smith")))).toEqual({
      status: 400,
      text: "The form contains a character we cannot accept.",
    });
    expect((await refusal(() => readForm(post("na%00me=Jane")))).status).toBe(400);
    const broken = post('--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated', {
      "Content-Type": "multipart/form-data; boundary=xyz",
    });
    expect((await refusal(() => readForm(broken))).status).toBe(400);
    const noBoundary = post("a=b", { "Content-Type": "multipart/form-data" });
    expect((await refusal(() => readForm(noBoundary))).status).toBe(400);
  });

  test("percent-encoded bytes that are not UTF-8 are read, not thrown", async () => {
    expect((await readForm(post("name=%FF%FE%C0"))).get("name")).toBe("\uFFFD\uFFFD\uFFFD");
    expect((await readForm(post("name=%"))).get("name")).toBe("%");
  });

  test("Conform's own control fields are refused: no form here uses them, and Conform threw on them", async () => {
    const intents = [
      "%7Bnot+json",
      JSON.stringify({ type: "update", payload: { name: "qualities", index: 999999999, value: "x" } }),
      JSON.stringify({ type: "insert", payload: { name: "email" } }), // not a list: Conform threw
      JSON.stringify({ type: "insert", payload: {} }),
      JSON.stringify({ type: "update", payload: { name: "a..b", value: "x" } }),
      JSON.stringify({ type: "validate", payload: { name: "email" } }),
    ];
    for (const intent of intents)
      expect(
        (await refusal(() => readForm(post(`email=a%40b.org&__intent__=${encodeURIComponent(intent)}`)))).status,
        intent,
      ).toBe(400);
    expect((await refusal(() => readForm(post("__state__=%7B%7D")))).status).toBe(400);
  });

  test("the pledge form answers a Conform list intent with 400, where Conform threw a 500", async () => {
    const { action } = await import("~/routes/pledge._index");
    const intent = JSON.stringify({ type: "insert", payload: { name: "email" } });
    const response = await refusal(() =>
      action({
        request: post(`email=a%40b.org&__intent__=${encodeURIComponent(intent)}`),
        params: {},
        context: { clientIp: "192.0.2.77" },
      }),
    );
    expect(response.status).toBe(400);
  });
});

// How the webhook reads its body: capped raw text (its signature is over those bytes), then parsed.
const readJson = async (request: Request, maxBytes: number) => parseJsonBody(await readText(request, maxBytes));

describe("readText and parseJsonBody", () => {
  const json = (body: string) => post(body, { "Content-Type": "application/json" });

  test("returns the value and the exact text", async () => {
    expect(await readText(json('{"a":[1,"b"]}'), 1024)).toBe('{"a":[1,"b"]}');
    expect(await readJson(json('{"a":[1,"b"]}'), 1024)).toEqual({ a: [1, "b"] });
  });

  test("refuses too large (413), not JSON (400) and NUL in any string or key (400)", async () => {
    expect((await refusal(() => readJson(json(`"${"a".repeat(2000)}"`), 1024))).status).toBe(413);
    expect((await refusal(() => readJson(chunked(["[", "1,".repeat(1000), "1]"]), 1024))).status).toBe(413);
    expect((await refusal(() => readJson(json("{nope"), 1024))).status).toBe(400);
    expect((await refusal(() => readJson(json('{"a":{"b":["x\\u0000"]}}'), 1024))).status).toBe(400);
    expect((await refusal(() => readJson(json('{"a\\u0000":1}'), 1024))).status).toBe(400);
    // A lone surrogate: the webhook once passed one to PostgreSQL as an address, a 500.
    expect((await refusal(() => readJson(json('{"data":{"to":["\\ud800"]}}'), 1024))).status).toBe(400);
    expect(await readJson(json('{"a":"\\ud83d\\ude00"}'), 1024)).toEqual({ a: "😀" });
    // Deep nesting is walked without recursion.
    const deep = `${"[".repeat(20_000)}"\\u0000"${"]".repeat(20_000)}`;
    expect((await refusal(() => readJson(json(deep), 64 * 1024))).status).toBe(400);
  });
});

test("no route reads a body except through readForm or readText", () => {
  const routes = fileURLToPath(new URL("../routes", import.meta.url));
  const offenders = readdirSync(routes)
    .filter((file) => /\.tsx?$/.test(file) && !file.endsWith(".test.ts"))
    .filter((file) =>
      /request\.(formData|json|text|arrayBuffer|blob)\(|request\.body\b/.test(
        readFileSync(path.join(routes, file), "utf8"),
      ),
    );
  expect(offenders).toEqual([]);
});
