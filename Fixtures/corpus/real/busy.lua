-- busy.lua: Lua's own interpreter at work for the trace tests (InjectTraceTests): tables
-- that grow and are sorted (fewer than 100 elements: Lua randomises the pivots of longer
-- sorts, and the tests compare two runs), string matching and formatting, an error caught
-- by pcall (C's longjmp out of the functions between), a coroutine. Deterministic: two
-- runs make the same calls with the same arguments.
local t = {}
for i = 1, 90 do t[i] = (i * 7919) % 1000 end
table.sort(t)
local s = 0
for i, v in ipairs(t) do s = s + v * i end
print("sum", s)
local words = {}
for w in string.gmatch("the quick brown fox jumps over the lazy dog", "%a+") do words[#words + 1] = w:upper() end
print(table.concat(words, ","))
local ok, err = pcall(function() error("boom") end)
print(ok, err)
local co = coroutine.wrap(function(a) for i = 1, 3 do a = coroutine.yield(a * 2) end return a end)
print(co(1), co(2), co(3), co(4))
print(string.format("%5.2f %d %s", math.pi, 42, tostring(nil)))
