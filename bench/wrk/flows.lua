-- wrk script for bench/run.ts: one file for every flow.
--   wrk ... -s bench/wrk/flows.lua http://127.0.0.1:PORT -- FLOW [COOKIE_FILE] [PATH]
-- FLOW: anon   GET PATH (default /) with no cookie
--       read   GET / with a session cookie
--       write  POST /cart/add with a session cookie (answered 303)
--       flow   POST /cart/add then GET /cart (renders and consumes the
--              flash), alternating, both with the same session
-- COOKIE_FILE holds one "name=value" cookie per line; requests cycle
-- through them. done() prints one JSON line the runner parses.

local flow = "anon"
local cookies = {}
local path = "/"
local i = 0
local body = "product_id=notebook&quantity=1"
local form = "application/x-www-form-urlencoded"

function init(args)
  flow = args[1] or "anon"
  if args[2] and args[2] ~= "" and args[2] ~= "-" then
    for line in io.lines(args[2]) do
      if line ~= "" then cookies[#cookies + 1] = line end
    end
  end
  if args[3] and args[3] ~= "" then path = args[3] end
end

local function cookie(n)
  return cookies[(n % #cookies) + 1]
end

function request()
  i = i + 1
  if flow == "anon" then
    return wrk.format("GET", path)
  elseif flow == "read" then
    return wrk.format("GET", "/", { ["Cookie"] = cookie(i) })
  elseif flow == "write" then
    return wrk.format("POST", "/cart/add",
      { ["Cookie"] = cookie(i), ["Content-Type"] = form }, body)
  else
    local pair = math.floor(i / 2)
    if i % 2 == 0 then
      return wrk.format("POST", "/cart/add",
        { ["Cookie"] = cookie(pair), ["Content-Type"] = form }, body)
    end
    return wrk.format("GET", "/cart", { ["Cookie"] = cookie(pair) })
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,' ..
    '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.connect, e.read, e.write, e.status, e.timeout))
end
