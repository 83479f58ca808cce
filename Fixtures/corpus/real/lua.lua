-- lua.lua: the script Lua's own interpreter runs in the corpus's real-program session
-- (lua.session): a table that grows, a string made upper-case, two prints.
local squares = {}
for i = 1, 5 do squares[i] = i * i end
print("squares", #squares)
print(string.upper("corpus"))
