-- etcd v3 JSON gateway: POST /v3/kv/put {"key": b64, "value": b64} (WRK_ETCD_OP=put) or
-- POST /v3/kv/range {"key": b64} (WRK_ETCD_OP=range; WRK_LEVEL=one makes it serializable,
-- anything else linearizable, etcd's default). Keys and values are the same bytes as OrleansKv's.
local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(data)
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = string.byte(data, i, i + 2)
    local n = a * 65536 + (b or 0) * 256 + (c or 0)
    local chars = 4 - (b and 0 or 1) - (c and 0 or 1)
    for j = 1, 4 do
      if j <= chars then
        local index = math.floor(n / 2 ^ (6 * (4 - j))) % 64
        out[#out + 1] = string.sub(alphabet, index + 1, index + 1)
      else
        out[#out + 1] = "="
      end
    end
  end
  return table.concat(out)
end

function prepare()
  op = os.getenv("WRK_ETCD_OP") or "put"
  headers = { ["Content-Type"] = "application/json" }
  encoded_keys = {}
  for i = 0, key_count - 1 do
    encoded_keys[i] = base64("bench:" .. i)
  end
  encoded_value = base64('"' .. string.rep("x", value_size) .. '"')
  serializable = (level == "one") and ',"serializable":true' or ""
end

function request()
  local key = encoded_keys[math.random(0, key_count - 1)]
  if op == "put" then
    return wrk.format("POST", "/v3/kv/put", headers, '{"key":"' .. key .. '","value":"' .. encoded_value .. '"}')
  end
  return wrk.format("POST", "/v3/kv/range", headers, '{"key":"' .. key .. '"' .. serializable .. '}')
end
