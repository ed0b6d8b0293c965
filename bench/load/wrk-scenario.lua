-- One scenario of `npm run bench`, driven by wrk (https://github.com/wg/wrk). wrk.ts writes the
-- data file named by the first argument: the API key, a run id, the customers' codes and the
-- scenario's request templates, already split into literal text and placeholder names
-- (request-template.ts). Each request fills {code}, {ref} and {amount} the way request-template.ts
-- does in JavaScript; every answer's status is counted; `done` prints one JSON line for wrk.ts.

local data, codes, templates, total_weight
local get_headers, post_headers
local counter = 0
statuses = {}
tag = 0
local threads = {}

function setup(thread)
  thread:set("tag", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  data = dofile(args[1])
  codes, templates = data.codes, data.templates
  total_weight = 0
  for _, t in ipairs(templates) do total_weight = total_weight + t.weight end
  get_headers = { ["Authorization"] = "Bearer " .. data.key }
  post_headers = { ["Authorization"] = "Bearer " .. data.key, ["Content-Type"] = "application/json" }
  math.randomseed(os.time() + tag * 7919)
end

local function value(name)
  if name == "code" then return codes[math.random(#codes)] end
  if name == "ref" then
    counter = counter + 1
    return data.run .. "-" .. tag .. "-" .. counter
  end
  return tostring(500 + math.random(0, 4999))
end

-- Odd indexes are literal text, even ones placeholder names.
local function fill(parts)
  local out = {}
  for i = 1, #parts do
    if i % 2 == 1 then out[i] = parts[i] else out[i] = value(parts[i]) end
  end
  return table.concat(out)
end

local function pick()
  if #templates == 1 then return templates[1] end
  local roll = math.random() * total_weight
  for _, t in ipairs(templates) do
    roll = roll - t.weight
    if roll < 0 then return t end
  end
  return templates[#templates]
end

function request()
  local t = pick()
  if t.body then return wrk.format(t.method, fill(t.path), post_headers, fill(t.body)) end
  return wrk.format(t.method, fill(t.path), get_headers)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses")) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do table.insert(parts, string.format('"%d":%d', status, n)) end
  local e = summary.errors
  io.write(string.format(
    '{"wrk_result":{"requests":%d,"duration_us":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d,"max_us":%d,"socket_errors":%d,"timeouts":%d,"statuses":{%s}}}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect + e.read + e.write, e.timeout, table.concat(parts, ",")))
end
