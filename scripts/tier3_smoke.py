#!/usr/bin/env python3
"""Tier 3 end to end against a live `router serve` whose ANTHROPIC_BASE_URL is a running
`fake-anthropic` loaded with scripts/fake-anthropic-demo.json: a JSON answer and a streamed one
must use the asking user's own numbers, carry usage and cost, and stream route → delta/tool → done.

    python3 scripts/tier3_smoke.py --url http://127.0.0.1:8080 --secret "$ROUTER_JWT_SECRET"
"""
import argparse, base64, hashlib, hmac, json, sys, time, urllib.request


def token(secret, user):
    b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
    head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": user, "exp": int(time.time()) + 3600}).encode())
    sig = hmac.new(secret.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest()
    return f"{head}.{body}.{b64(sig)}"


def call(url, path, tok, body=None):
    req = urllib.request.Request(url + path, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status, r.headers, r.read().decode()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--secret", required=True)
    a = ap.parse_args()
    failures = []
    check = lambda ok, what: ok or failures.append(what)
    mine, theirs = token(a.secret, "u001"), token(a.secret, "u002")
    spend = "/v1/summaries/spend?period=this_month&as_of=2026-11-21"
    my_total = json.loads(call(a.url, spend, mine)[2])["data"]["total_cents"]
    their_total = json.loads(call(a.url, spend, theirs)[2])["data"]["total_cents"]
    question = {"query": "Am I over budget this month and what should I cut back on?", "as_of": "2026-11-21"}

    status, headers, text = call(a.url, "/v1/query", mine, question)
    answer = json.loads(text)
    check(status == 200 and answer.get("tier") == 3, f"JSON answer: {status} {text[:200]}")
    check(f'"total_cents":{my_total}' in answer.get("answer", ""), "the answer lacks the user's own total")
    check(f'"total_cents":{their_total}' not in answer.get("answer", ""), "the answer shows another user's total")
    check(answer.get("usage", {}).get("cost_usd", 0) > 0, "no cost_usd")
    check([t["name"] for t in answer.get("data", {}).get("tools", [])] == ["summary_spend", "summary_budget_status"],
          f"tools: {answer.get('data')}")

    status, headers, text = call(a.url, "/v1/query", mine, dict(question, stream=True))
    events = []
    for block in text.split("\n\n"):
        lines = [l for l in block.split("\n") if l and not l.startswith(":")]
        name = next((l[7:] for l in lines if l.startswith("event: ")), None)
        data = "".join(l[6:] for l in lines if l.startswith("data: "))
        if name:
            events.append((name, json.loads(data)))
    names = [n for n, _ in events]
    check(names[:1] == ["route"] and names[-1:] == ["done"], f"stream order: {names[:3]} … {names[-2:]}")
    check(names.count("tool") == 4 and "delta" in names, f"stream events: {sorted(set(names))}")
    deltas = "".join(d["text"] for n, d in events if n == "delta")
    check(events and deltas == events[-1][1].get("answer"), "the deltas do not add up to the answer")

    for f in failures:
        print("FAIL:", f)
    print(f"tier 3 smoke: {'ok' if not failures else 'FAILED'} (JSON answer and stream, {len(events)} events, "
          f"cost ${answer.get('usage', {}).get('cost_usd')})")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
