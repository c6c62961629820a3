-- wrk script of bench/serve.py: POST the calls of a file (one JSON per line) in
-- turn; at the end print one JSON line with the counts and latency percentiles.
local bodies = {}
local path = os.getenv("FLOWRULES_BENCH_CALLS")
for line in io.lines(path) do
  if #line > 0 then bodies[#bodies + 1] = line end
end
local index = 0

request = function()
  index = index % #bodies + 1
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, bodies[index])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"non_2xx": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
