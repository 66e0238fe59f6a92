-- bench/pg.lua -- the wrk script of bench/pg.sh: one wrk run against one or
-- more `serai serve` processes, reads or writes.
--
-- Settings come from the environment (wrk runs this file in one Lua state
-- for setup/done and one per thread, and all of them see the environment):
--   BENCH_PORTS   "18101 18102 ...": the servers on 127.0.0.1.  wrk keeps
--                 one address per thread, so thread i talks to server
--                 i mod N; with -t4 -c64 and N = 4 every server gets one
--                 thread and 16 connections.
--   BENCH_MODE    read   GET of the URL given to wrk (static request)
--                 patch  PATCH /api/v1/members/{id} changing dues, over the
--                        memberships BENCH_IDS ("1 2 3 ..."), in turn
--                 post   POST /api/v1/organizations, a new organisation
--                        (no ROR, so no uniqueness rule) per request
--   BENCH_TOKEN   the secretariat's API token (patch, post)
--   BENCH_NONCE   a word that makes this run's organisation names unique
--
-- done() prints lines starting with "BENCH " for bench/pg.sh: the totals,
-- the latency percentiles in microseconds and, for writes, every HTTP
-- status seen with a count, and the first unexpected answer.

local mode = os.getenv("BENCH_MODE") or "read"

local function ports()
    local list = {}
    for p in string.gmatch(os.getenv("BENCH_PORTS") or "", "%d+") do
        list[#list + 1] = p
    end
    return list
end

-- setup/done state ----------------------------------------------------------
local threads = {}

function setup(thread)
    local list = ports()
    local n = #threads
    if #list > 0 then
        local port = list[(n % #list) + 1]
        thread.addr = wrk.lookup("127.0.0.1", port)[1]
    end
    thread:set("tid", n)
    threads[#threads + 1] = thread
end

function done(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d duration_us=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
        "status_errors=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, summary.duration, latency:percentile(50),
        latency:percentile(90), latency:percentile(99), latency.max,
        e.status, e.connect, e.read, e.write, e.timeout))
    if mode == "read" then return end
    local total, sample = {}, nil
    for _, t in ipairs(threads) do
        local s = t:get("statuses") or {}
        for code, count in pairs(s) do
            total[code] = (total[code] or 0) + count
        end
        sample = sample or t:get("bad_sample")
    end
    for code, count in pairs(total) do
        io.write(string.format("BENCH status %s %d\n", tostring(code), count))
    end
    if sample then
        io.write("BENCH first-unexpected " .. sample .. "\n")
    end
end

-- thread state: writes only (reads keep wrk's static request) -------------
if mode ~= "read" then
    local token = os.getenv("BENCH_TOKEN") or ""
    local nonce = os.getenv("BENCH_NONCE") or "x"
    local headers = {
        ["Authorization"] = "Bearer " .. token,
        ["Content-Type"] = "application/json",
    }
    local ids = {}
    for id in string.gmatch(os.getenv("BENCH_IDS") or "1", "%d+") do
        ids[#ids + 1] = id
    end
    local dues = {"paid", "due", "overdue", "exempt"}
    local counter = 0
    statuses = {}
    bad_sample = nil

    function request()
        counter = counter + 1
        if mode == "patch" then
            -- Threads start at different ids, so concurrent requests mostly
            -- change different memberships; each request changes the value.
            local id = ids[((tid or 0) * 17 + counter) % #ids + 1]
            return wrk.format("PATCH", "/api/v1/members/" .. id, headers,
                              '{"dues":"' .. dues[counter % #dues + 1] .. '"}')
        end
        return wrk.format("POST", "/api/v1/organizations", headers,
            string.format('{"name":"Bench %s t%d n%d","type":"ngo","country":"DE"}',
                          nonce, tid or 0, counter))
    end

    function response(status, hdrs, body)
        statuses[status] = (statuses[status] or 0) + 1
        local ok = (mode == "patch" and status == 200) or
                   (mode == "post" and status == 201)
        if not ok and bad_sample == nil then
            bad_sample = tostring(status) .. " " ..
                         string.gsub(string.sub(body or "", 1, 300), "\n", " ")
        end
    end
end
