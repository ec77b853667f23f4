-- wrk script of `make bench`: each thread walks its share of a list of requests prepared by run.py and
-- prints a JSON report at the end.
--   BENCH_REQUESTS  file, one request per line: METHOD<TAB>PATH<TAB>COOKIE<TAB>BODY (BODY form-encoded)
--   BENCH_LIMIT     stop a thread after this many responses (0: only the duration bounds the run)
local requests = {}
local counter = 0
local responses = 0
local limit = tonumber(os.getenv("BENCH_LIMIT") or "0")
local threads = {}
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
  table.insert(threads, thread)
end

function init(args)
  local nthreads = #threads
  if nthreads == 0 then nthreads = tonumber(os.getenv("BENCH_THREADS") or "1") end
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    local method, path, cookie, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
    local headers = {}
    if cookie ~= "" then headers["Cookie"] = cookie end
    if method == "POST" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      headers["Referer"] = "http://127.0.0.1/"
    end
    table.insert(requests, wrk.format(method, path, headers, body ~= "" and body or nil))
  end
  -- Writes must not repeat: thread i takes items i, i + n, i + 2n, ...
  counter = id or 0
  step = tonumber(os.getenv("BENCH_THREADS") or "1")
end

function request()
  local index = (counter % #requests) + 1
  counter = counter + step
  return requests[index]
end

if limit > 0 then
  function response(status, headers, body)
    responses = responses + 1
    if responses >= limit then wrk.thread:stop() end
  end
end

function done(summary, latency, requests_)
  local errors = summary.errors
  io.write("BENCH-JSON ")
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "bytes": %d, "non_2xx_3xx": %d, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "timeouts": %d, "p50_us": %d, "p95_us": %d, '
      .. '"p99_us": %d, "max_us": %d, "mean_us": %.1f}\n',
    summary.requests, summary.duration, summary.bytes, errors.status, errors.connect, errors.read,
    errors.write, errors.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max, latency.mean))
end
