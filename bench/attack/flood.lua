-- wrk script for the rate-limit scenario of bench/attack/run.sh: POSTs the article in $ARTICLE,
-- half the requests as one heavy client and half each from a new address (X-Forwarded-For; the
-- server runs with --trust-proxy), so both the per-client limit and the bounded client table
-- are exercised. Prints one RESULT line with the answers counted by status.

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    if c == '"' then return '\\"' end
    if c == "\\" then return "\\\\" end
    if c == "\n" then return "\\n" end
    if c == "\t" then return "\\t" end
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

local file = assert(io.open(assert(os.getenv("ARTICLE"), "ARTICLE is not set"), "rb"))
local text = file:read("*a")
file:close()
local body = '{"text":' .. json_string(text) .. ',"algorithm":"learned","sentences":3}'

local threads = {}
function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init()
  ok, limited, other, n = 0, 0, 0, 0
end

function request()
  n = n + 1
  local from
  if n % 2 == 0 then
    from = "198.51.100.1"
  else
    -- A fresh address per request: 10.<thread>.x.y, about 65,000 per thread.
    from = string.format("10.%d.%d.%d", id, math.floor(n / 256) % 256, n % 256)
  end
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = from,
  }, body)
end

function response(status)
  if status == 200 then ok = ok + 1
  elseif status == 429 then limited = limited + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local o, l, x = 0, 0, 0
  for _, t in ipairs(threads) do
    o, l, x = o + t:get("ok"), l + t:get("limited"), x + t:get("other")
  end
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f ok=%d limited=%d other=%d p99_ms=%.3f socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, o, l, x, latency:percentile(99) / 1000,
    socket_errors))
end
