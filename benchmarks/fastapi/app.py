"""The router's tier 1 spend summary as a plain FastAPI service, for a like-for-like comparison.

    GET /v1/summaries/spend?period=this_month[&category=fuel][&as_of=YYYY-MM-DD]
    Authorization: Bearer <HS256 JWT with sub and exp, signed with ROUTER_JWT_SECRET>

Same semantics as the router (Sources/Tier1Cache/Postgres/PostgresSummaryStore.swift and
SummaryEngine.spend): one parameterised statement over `expenses` for the user from the token,
from the first of as_of's month to as_of, grouped by category; the answer sentence and `data`
match the router's; the encoded answer is cached in Redis (SET EX, `FASTAPI_TTL_SPEND`, default
300 s like ROUTER_TTL_SPEND) and served from there while fresh. There is no in-process cache level,
no single-flight and no stale serving: the textbook cache-aside a Python service would start with.

Environment: DATABASE_URL, REDIS_URL, ROUTER_JWT_SECRET (>= 32 bytes), FASTAPI_TTL_SPEND,
FASTAPI_DB_POOL (connections per worker, default 10). Run it with uvicorn (see scenarios/run.sh):
    uvicorn app:app --app-dir benchmarks/fastapi --port 8090 --workers 2 --loop uvloop --http httptools --no-access-log
"""
import base64
import datetime as dt
import hashlib
import hmac
import json
import os
import time
import uuid
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from psycopg_pool import AsyncConnectionPool

SECRET = os.environ["ROUTER_JWT_SECRET"].encode()
if len(SECRET) < 32:
    raise SystemExit("ROUTER_JWT_SECRET must be at least 32 bytes")
TTL = int(os.environ.get("FASTAPI_TTL_SPEND", "300"))
LEEWAY = 30
CATEGORIES = {"fuel", "food", "camping", "maintenance", "shopping", "entertainment", "insurance", "other"}

state = {}


@asynccontextmanager
async def lifespan(_app):
    url = os.environ["DATABASE_URL"]
    size = int(os.environ.get("FASTAPI_DB_POOL", "10"))
    pool = AsyncConnectionPool(url, min_size=2, max_size=size, kwargs={"autocommit": True}, open=False)
    await pool.open(wait=True)
    state["db"] = pool
    # A blocking pool: a request waits for a free connection rather than failing at the limit.
    state["redis"] = aioredis.Redis(
        connection_pool=aioredis.BlockingConnectionPool.from_url(os.environ["REDIS_URL"], max_connections=512, timeout=30)
    )
    yield
    await state["redis"].aclose()
    await pool.close()


app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)


def problem(status, title, detail, headers=None):
    return JSONResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status_code=status, media_type="application/problem+json", headers=headers,
    )


def b64decode(part):
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def user_from(request):
    """The verified `sub` of an HS256 bearer token, or None."""
    auth = request.headers.get("authorization", "")
    if not auth.startswith("Bearer "):
        return None
    try:
        head, claims, sig = auth[7:].split(".")
        header = json.loads(b64decode(head))
        if header.get("alg") != "HS256":
            return None
        expected = hmac.new(SECRET, f"{head}.{claims}".encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, b64decode(sig)):
            return None
        payload = json.loads(b64decode(claims))
        now = time.time()
        if not isinstance(payload.get("exp"), (int, float)) or payload["exp"] < now - LEEWAY:
            return None
        if isinstance(payload.get("iat"), (int, float)) and payload["iat"] > now + LEEWAY:
            return None
        sub = payload.get("sub")
        return sub if isinstance(sub, str) and 0 < len(sub) <= 128 else None
    except Exception:
        return None


def money(cents):
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}${cents // 100:,}.{cents % 100:02d}"


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def phrase(first, last):
    """The router's DateRange.phrase: "from Nov 1 to Nov 21, 2026" (same year), "on Nov 1, 2026"."""
    def short(d, year):
        return f"{MONTHS[d.month - 1]} {d.day}" + (f", {d.year}" if year else "")
    if first == last:
        return "on " + short(last, True)
    return f"from {short(first, first.year != last.year)} to {short(last, True)}"


@app.get("/healthz")
async def healthz():
    return {"status": "ok"}


@app.get("/v1/summaries/spend")
async def spend(request: Request, period: str = "this_month", category: str | None = None, as_of: str | None = None):
    request_id = uuid.uuid4().hex
    user = user_from(request)
    if user is None:
        return problem(401, "Unauthorized", "Missing or invalid bearer token.", {"WWW-Authenticate": "Bearer"})
    if period != "this_month":
        return problem(422, "Invalid field", "period: this service knows only this_month.")
    if category is not None and category not in CATEGORIES:
        return problem(422, "Invalid field", "category: unknown category.")
    try:
        day = dt.date.fromisoformat(as_of) if as_of else dt.datetime.now(dt.timezone.utc).date()
    except ValueError:
        return problem(422, "Invalid field", "as_of: expected YYYY-MM-DD.")
    first = day.replace(day=1)
    key = f"fastapi:v1:spend|{user}|{first}|{day}|{category or ''}"

    def respond(tail, hit):
        # Like the router: the cached answer bytes spliced after a per-request head.
        head = json.dumps({
            "tier": 1, "route": "summary.spend",
            "params": {"as_of": day.isoformat(), "category": category, "from": first.isoformat(), "to": day.isoformat()},
            "cache": {"hit": hit, "ttl_s": TTL}, "request_id": request_id,
        }, separators=(",", ":")).encode()
        return Response(head[:-1] + b"," + tail, media_type="application/json", headers={"X-Request-Id": request_id})

    r = state["redis"]
    cached = await r.get(key)
    if cached is not None:
        return respond(cached, True)

    sql = (
        "SELECT category, SUM(amount_cents)::bigint, COUNT(*)::bigint FROM expenses "
        "WHERE user_id = %s AND spent_on >= %s::date AND spent_on <= %s::date"
        + (" AND category = %s" if category else "")
        + " GROUP BY category ORDER BY category"
    )
    args = (user, first.isoformat(), day.isoformat()) + ((category,) if category else ())
    async with state["db"].connection() as conn:
        cur = await conn.execute(sql, args)
        rows = await cur.fetchall()

    total = sum(cents for _, cents, _ in rows)
    count = sum(n for _, _, n in rows)
    answer = f"You spent {money(total)}" + (f" on {category}" if category else "") + " " + phrase(first, day)
    answer += f" ({count} {'purchase' if count == 1 else 'purchases'})"
    if category is None and len(rows) > 1:
        top = max(rows, key=lambda row: (row[1], [-ord(c) for c in row[0]]))
        answer += f"; the most on {top[0]} ({money(top[1])})"
    data = {"from": first.isoformat(), "to": day.isoformat(), "total_cents": total, "count": count}
    if category:
        data["category"] = category
    else:
        data["by_category"] = {c: cents for c, cents, _ in rows}
    tail = json.dumps({"answer": answer + ".", "data": data}, separators=(",", ":")).encode()[1:]
    await r.set(key, tail, ex=TTL)
    return respond(tail, False)
