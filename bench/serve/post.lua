-- wrk script: POST the article in $ARTICLE to /v1/summarize with $ALGORITHM, 3 sentences, and
-- print one RESULT line that run.sh turns into the report.

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

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"text":' .. json_string(text) ..
  ',"algorithm":' .. json_string(os.getenv("ALGORITHM") or "lead") .. ',"sentences":3}'

function done(summary, latency, requests)
  local socket_errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.timeout
  local seconds = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f ok_rps=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f socket_errors=%d non2xx=%d\n",
    summary.requests, seconds, (summary.requests - summary.errors.status) / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    socket_errors, summary.errors.status))
end
