-- wrk script for POST /chat: rotates realistic requests, counts answers by status, prints latency percentiles.
--   wrk -t2 -c64 -d30s -s chat.lua http://127.0.0.1:PORT/chat
-- Environment:
--   MOVIEREC_API_KEY   sent as X-Api-Key when set
--   MOVIEREC_SESSIONS  "1": each connection keeps a server-side session (history grows); default: stateless
--                      calls (an empty "messages" array), so the run measures the responder, not history growth
--   MOVIEREC_K         recommendations per answer (default 5)

-- the requests, one per line (shared with the in-process `chat` benchmark); run.sh runs wrk from this folder
local messages = {}
for line in io.lines("messages.txt") do
  if line ~= "" then table.insert(messages, line) end
end

local api_key = os.getenv("MOVIEREC_API_KEY")
local sessions = os.getenv("MOVIEREC_SESSIONS") == "1"
local k = tonumber(os.getenv("MOVIEREC_K") or "5")

local threads = {}
local thread_id = 0
local counter = 0
statuses = {}   -- global: done() reads it from every thread with thread:get

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Accept"] = "application/json"
  if api_key and api_key ~= "" then wrk.headers["X-Api-Key"] = api_key end
end

local function json_string(s)
  return '"' .. s:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function request()
  counter = counter + 1
  local message = messages[(counter + thread_id) % #messages + 1]
  local body
  if sessions then
    -- One session per connection slot of this thread, so history stays per conversation.
    local session = string.format("wrk-%d-%d", thread_id, counter % 32)
    body = string.format('{"sessionId":%s,"message":%s,"k":%d}', json_string(session), json_string(message), k)
  else
    body = string.format('{"message":%s,"messages":[],"k":%d}', json_string(message), k)
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    for status, n in pairs(counts) do total[status] = (total[status] or 0) + n end
  end
  io.write("------------------------------\n")
  io.write(string.format("requests: %d in %.1f s = %.1f req/s\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({ 50, 90, 99, 99.9 }) do
    io.write(string.format("latency p%-4s %8.2f ms\n", tostring(p), latency:percentile(p) / 1000))
  end
  io.write(string.format("latency max   %8.2f ms\n", latency.max / 1000))
  local keys = {}
  for status in pairs(total) do table.insert(keys, status) end
  table.sort(keys)
  for _, status in ipairs(keys) do io.write(string.format("status %d: %d\n", status, total[status])) end
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
