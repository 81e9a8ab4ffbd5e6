-- OrleansKv (and the empty endpoint): GET /keys/{key}?consistency=WRK_LEVEL
function request()
  return wrk.format("GET", "/keys/" .. random_key() .. "?consistency=" .. level)
end
