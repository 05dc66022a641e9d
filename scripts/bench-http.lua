-- wrk script for scripts/bench-http.sh: counts every response outside 2xx
-- (wrk's own "Non-2xx or 3xx" line misses redirects) and prints one JSON
-- line with req/s and the p50/p99 of wrk's latency distribution.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non2xx = 0
  first_bad = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if first_bad == 0 then first_bad = status end
  end
end

function done(summary, latency, requests)
  local bad, code = 0, 0
  for _, t in ipairs(threads) do
    bad = bad + t:get("non2xx")
    local c = t:get("first_bad")
    if c ~= 0 then code = c end
  end
  local e = summary.errors
  io.write(string.format(
    'JSON {"requests":%d,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"non2xx":%d,"errors":%d,"first_bad":%d}\n',
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    bad, e.connect + e.read + e.write + e.timeout, code))
end
