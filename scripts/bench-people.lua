-- wrk script: GET the path in $BENCH_PATH with the session cookie in $BENCH_COOKIE.
local path = os.getenv("BENCH_PATH")
local cookie = os.getenv("BENCH_COOKIE")
request = function()
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end
