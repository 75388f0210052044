-- wrk script for the pipelining scenario: every write carries DEPTH requests for GET /
-- (default 16, or the number after `--`). wrk counts each response as a request but takes one
-- latency sample per batch, so its percentiles mean nothing here (hello.py drops them).
--   wrk -t1 -c64 -d10s -s bench/pipeline.lua http://127.0.0.1:8080/ -- 16
local depth = 16

function init(args)
   depth = tonumber(args[1]) or depth
   local one = wrk.format("GET", "/")
   batch = string.rep(one, depth)
end

function request()
   return batch
end
