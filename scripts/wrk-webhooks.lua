-- wrk script for the webhook benchmark: every request posts a distinct,
-- already-signed Stripe event, so the server does the full work (verify,
-- parse, commit) and never short-cuts a duplicate.
--
-- Input: WRK_EVENTS, a file of `signature<TAB>body` lines
-- (`paydesk-bench sign-events`). With T threads, thread k sends lines
-- k, k+T, k+2T, … and stops once each of its lines was answered. wrk itself
-- only stops at its -d deadline or on SIGINT, so a thread that is finished
-- touches WRK_DONE_DIR/<k>; the caller sends SIGINT once all T are there.
-- Throughput is timed by the threads themselves (first request to last
-- answer, from /proc/uptime), not over wrk's -d. Output (done): one JSON
-- object on stdout.

local function now()
  local f = io.open("/proc/uptime")
  local t = f:read("*n")
  f:close()
  return t
end

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("WRK_EVENTS") or error("WRK_EVENTS is not set")
  local nthreads = tonumber(os.getenv("WRK_THREADS") or "1")
  requests_list = {}
  local i = 0
  for line in io.lines(path) do
    if i % nthreads == id then
      local tab = line:find("\t", 1, true)
      if not tab then error(path .. ":" .. (i + 1) .. ": no tab between signature and body") end
      requests_list[#requests_list + 1] = wrk.format("POST", nil, {
        ["Content-Type"] = "application/json",
        ["Stripe-Signature"] = line:sub(1, tab - 1),
      }, line:sub(tab + 1))
    end
    i = i + 1
  end
  total = #requests_list
  sent = 0
  answered = 0
  non_2xx = 0
  started = 0
  finished = 0
  done_dir = os.getenv("WRK_DONE_DIR")
end

function request()
  if sent == 0 then started = now() end
  sent = sent + 1
  -- Past the end, repeat the last event (a duplicate, answered without a
  -- write); at most one per connection, and only while the thread stops.
  return requests_list[math.min(sent, #requests_list)]
end

function response(status, headers, body)
  answered = answered + 1
  if status < 200 or status > 299 then non_2xx = non_2xx + 1 end
  if answered == #requests_list then
    finished = now()
    if done_dir then io.open(done_dir .. "/" .. id, "w"):close() end
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local non_2xx_total, events, first, last = 0, 0, math.huge, 0
  for _, thread in ipairs(threads) do
    non_2xx_total = non_2xx_total + thread:get("non_2xx")
    events = events + math.min(thread:get("answered"), thread:get("total"))
    first = math.min(first, thread:get("started"))
    if thread:get("finished") == 0 then last = math.huge else last = math.max(last, thread:get("finished")) end
  end
  -- A thread that never finished (the -d deadline came first): time over wrk's duration.
  local seconds = (last == math.huge) and summary.duration / 1e6 or (last - first)
  local errors = summary.errors
  io.write(string.format(
    '{"events":%d,"wall_s":%.3f,"events_per_s":%.1f,"latency_ms":{"p50":%.3f,"p90":%.3f,"p99":%.3f,"max":%.3f},' ..
    '"non_2xx":%d,"transport_errors":%d}\n',
    events, seconds, events / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, non_2xx_total,
    errors.connect + errors.read + errors.write + errors.timeout))
end
