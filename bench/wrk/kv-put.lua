-- OrleansKv (and the empty endpoint): PUT /keys/{key} {"value": "<WRK_VALUE_SIZE x>", "consistency": WRK_LEVEL}
function prepare()
  body = '{"value":"' .. string.rep("x", value_size) .. '","consistency":"' .. level .. '"}'
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  return wrk.format("PUT", "/keys/" .. random_key(), headers, body)
end
